package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * RunComfy's JSON, as records owned by this adapter. Every record ignores fields it does not know,
 * and every field may be missing: the service's documentation is incomplete and it changes.
 */
final class Wire {

    private Wire() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Submitted(
            @JsonProperty("request_id") String requestId,
            @JsonProperty("status_url") String statusUrl,
            @JsonProperty("result_url") String resultUrl,
            @JsonProperty("cancel_url") String cancelUrl) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(
            @JsonProperty("request_id") String requestId,
            @JsonProperty("status") String status,
            @JsonProperty("queue_position") Integer queuePosition) {
    }

    /** {@code output} and {@code error} have shapes that vary, so they stay JSON trees here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(
            @JsonProperty("request_id") String requestId,
            @JsonProperty("status") String status,
            @JsonProperty("output") JsonNode output,
            @JsonProperty("error") JsonNode error,
            @JsonProperty("cost") BigDecimal cost,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("finished_at") String finishedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cancelled(
            @JsonProperty("request_id") String requestId,
            @JsonProperty("status") String status,
            @JsonProperty("outcome") String outcome) {
    }
}
