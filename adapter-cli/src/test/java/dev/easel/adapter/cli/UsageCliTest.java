package dev.easel.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageCliTest {

    @Test
    void amountsWithTrailingZerosArePrintedAsPlainDecimalsNotInScientificNotation() throws Exception {
        List<UsageLine> lines = List.of(new UsageLine("bytedance/seedream-5/lite/text-to-image", 98000, 98000,
                new BigDecimal("3430.000")), new UsageLine("acme/painter/v2/text-to-image", 3, 3, new BigDecimal("0.105")));

        String json = UsageCli.json(UsageGrouping.MODEL, Optional.empty(), lines, new BigDecimal("3430.105"));

        assertThat(json).contains("\"cost_usd\":3430}", "\"cost_usd\":0.105}", "\"total_usd\":3430.105")
                .doesNotContain("E+");
        assertThat(json).contains("{\"group\":\"acme/painter/v2/text-to-image\",\"jobs\":3,\"priced_jobs\":3,\"cost_usd\":0.105}");
    }
}
