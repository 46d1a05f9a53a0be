package dev.easel.adapter.modelark;

import feign.Headers;
import feign.RequestLine;

/** ModelArk's images API as documented: one synchronous call that answers with the finished images. */
interface ModelArkApi {

    @RequestLine("POST /images/generations")
    @Headers("Content-Type: application/json")
    Answer generate(Wire.GenerationBody body);
}
