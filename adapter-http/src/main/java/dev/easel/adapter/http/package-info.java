/**
 * The web front (studio, JSON API, RunComfy-compatible gateway) on Javalin. Empty until the web-front
 * issue; the module exists so that the build and the architecture rules already include it.
 */
package dev.easel.adapter.http;
