package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.databind.JsonNode;
import feign.Param;
import feign.QueryMap;
import feign.RequestLine;
import java.util.Map;

/** RunComfy's catalog calls, answered as JSON trees: the catalog's shape is loosely documented. */
interface RunComfyCatalogApi {

    /** {@code search}, {@code category}, {@code kind}, {@code include_schema}, {@code limit}, {@code offset}. */
    @RequestLine("GET /v1/models")
    JsonNode list(@QueryMap Map<String, Object> query);

    @RequestLine(value = "GET /v1/models/{model}", decodeSlash = true)
    JsonNode model(@Param(value = "model", encoded = true) String model);
}
