package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.modelark.ModelArkCatalog;
import dev.easel.adapter.runcomfy.BundledModelCatalog;
import dev.easel.core.model.FieldSpec;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.port.out.ModelCatalog;
import org.junit.jupiter.api.Test;

/**
 * A batch moves from RunComfy to ModelArk with one flag: every model both offer takes, on ModelArk,
 * each of RunComfy's inputs with the same type, allowed values, default and bounds (ModelArk may
 * add inputs of its own, such as {@code watermark}, which must then be optional).
 */
class ProviderCatalogParityTest {

    @Test
    void modelsBothOfferTakeRunComfysInputsUnchangedOnModelArk() {
        ModelCatalog runComfy = BundledModelCatalog.load();
        ModelCatalog modelArk = ModelArkCatalog.standard();
        int shared = 0;

        for (ModelDescription theirs : runComfy.models()) {
            ModelDescription ours = modelArk.find(theirs.id()).orElse(null);
            if (ours == null) {
                continue;
            }
            shared++;
            for (FieldSpec field : theirs.inputs().fields()) {
                FieldSpec same = ours.inputs().field(field.name()).orElseThrow(() ->
                        new AssertionError(theirs.id() + ": ModelArk lacks RunComfy's input " + field.name()));
                assertThat(same.type()).as(theirs.id() + " " + field.name()).isEqualTo(field.type());
                assertThat(same.allowed()).as(theirs.id() + " " + field.name()).isEqualTo(field.allowed());
                assertThat(same.required()).as(theirs.id() + " " + field.name()).isEqualTo(field.required());
                assertThat(same.elementType()).as(theirs.id() + " " + field.name()).isEqualTo(field.elementType());
                assertThat(same.minItems()).as(theirs.id() + " " + field.name()).isEqualTo(field.minItems());
                assertThat(same.maxItems()).as(theirs.id() + " " + field.name()).isEqualTo(field.maxItems());
                if (!field.name().equals("prompt")) {
                    assertThat(same.defaultValue()).as(theirs.id() + " " + field.name()).isEqualTo(field.defaultValue());
                }
            }
            for (FieldSpec extra : ours.inputs().fields()) {
                if (theirs.inputs().field(extra.name()).isEmpty()) {
                    assertThat(extra.required()).as(theirs.id() + ": ModelArk's own input " + extra.name()).isFalse();
                }
            }
        }
        assertThat(shared).as("models both providers offer").isGreaterThanOrEqualTo(2);
    }
}
