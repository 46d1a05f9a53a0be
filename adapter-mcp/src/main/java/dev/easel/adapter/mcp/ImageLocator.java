package dev.easel.adapter.mcp;

import dev.easel.core.model.StoredImage;

/**
 * Where a client finds a stored image outside MCP: a file path for a local agent on stdio, an Easel
 * URL (signed {@code /files/...} link) for a client of {@code easel serve}.
 */
@FunctionalInterface
public interface ImageLocator {

    String locate(StoredImage image);
}
