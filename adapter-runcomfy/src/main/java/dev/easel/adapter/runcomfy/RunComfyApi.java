package dev.easel.adapter.runcomfy;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.util.Map;

/** RunComfy's Model API as documented: four calls, each answered with JSON. */
interface RunComfyApi {

    /** The model id contains slashes that must reach the server as slashes. */
    @RequestLine(value = "POST /v1/models/{model}", decodeSlash = true)
    @Headers("Content-Type: application/json")
    Wire.Submitted submit(@Param(value = "model", encoded = true) String model, Map<String, Object> inputs);

    @RequestLine("GET /v1/requests/{id}/status")
    Wire.Status status(@Param("id") String requestId);

    @RequestLine("GET /v1/requests/{id}/result?include_cost=true")
    Wire.Result result(@Param("id") String requestId);

    @RequestLine("POST /v1/requests/{id}/cancel")
    Wire.Cancelled cancel(@Param("id") String requestId);
}
