package dev.easel.adapter.mcp;

import dev.easel.core.error.StorageException;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.BrowseGalleryUseCase;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Stored images as MCP resources, {@code easel://images/<day>/<file>}: any stored image can be read
 * by its URI (the template), and the images made in this session are listed.
 */
final class ImageResources {

    static final String TEMPLATE = JobViews.IMAGE_SCHEME + "{day}/{file}";

    private final BrowseGalleryUseCase gallery;

    ImageResources(BrowseGalleryUseCase gallery) {
        this.gallery = gallery;
    }

    SyncResourceTemplateSpecification template() {
        ResourceTemplate template = ResourceTemplate.builder().uriTemplate(TEMPLATE).name("stored image")
                .title("An image Easel stored")
                .description("The bytes of a stored image (PNG or JPEG), by the key that tool results name.")
                .build();
        return new SyncResourceTemplateSpecification(template, (exchange, request) -> read(request));
    }

    SyncResourceSpecification resource(StoredImage image) {
        Resource resource = Resource.builder().uri(JobViews.uri(image)).name(image.key())
                .mimeType(image.mediaType().mime()).size(image.bytes())
                .description(image.width() + "x" + image.height())
                .build();
        return new SyncResourceSpecification(resource, (exchange, request) -> read(request));
    }

    private ReadResourceResult read(ReadResourceRequest request) {
        String uri = request.uri();
        String key = uri.substring(JobViews.IMAGE_SCHEME.length());
        String mime = key.endsWith(".png") ? "image/png" : "image/jpeg";
        try (InputStream bytes = gallery.open(key)) {
            String blob = Base64.getEncoder().encodeToString(bytes.readAllBytes());
            return new ReadResourceResult(List.of(new BlobResourceContents(uri, mime, blob)));
        } catch (StorageException e) {
            throw McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND).message("no stored image " + key).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
