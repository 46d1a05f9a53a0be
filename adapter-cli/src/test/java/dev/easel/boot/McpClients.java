package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.image.ImageHeaders;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/** What the MCP tests share: a JSON mapper and reading tool results. */
final class McpClients {

    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private McpClients() {
    }

    static List<String> texts(CallToolResult result) {
        return result.content().stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text()).toList();
    }

    static <T extends Content> List<T> contents(CallToolResult result, Class<T> type) {
        return result.content().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<ResourceLink> links(CallToolResult result) {
        return contents(result, ResourceLink.class);
    }

    /** The preview is a small JPEG that ImageIO reads. */
    static void assertSmallPreview(CallToolResult result) throws IOException {
        List<ImageContent> previews = contents(result, ImageContent.class);
        assertThat(previews).singleElement().satisfies(preview -> assertThat(preview.mimeType()).isEqualTo("image/jpeg"));
        byte[] jpeg = Base64.getDecoder().decode(previews.get(0).data());
        assertThat(jpeg.length).isLessThanOrEqualTo(48 * 1024);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(Math.max(image.getWidth(), image.getHeight())).isEqualTo(256);
        assertThat(ImageHeaders.read(jpeg, jpeg.length)).isPresent();
    }
}
