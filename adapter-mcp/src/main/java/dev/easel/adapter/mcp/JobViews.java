package dev.easel.adapter.mcp;

import dev.easel.core.model.Job;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.StoredImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Jobs and images as the JSON that tool results carry (snake_case, like Easel's HTTP API). */
final class JobViews {

    static final String IMAGE_SCHEME = "easel://images/";

    private final ImageLocator locator;

    JobViews(ImageLocator locator) {
        this.locator = locator;
    }

    Map<String, Object> job(Job job, Optional<ProviderStatus> live) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", job.id().value());
        view.put("state", job.state().name());
        view.put("model", job.request().model().value());
        job.request().prompt().ifPresent(p -> view.put("prompt", p));
        view.put("inputs", job.request().inputs());
        job.requestId().ifPresent(r -> view.put("request_id", r.value()));
        if (!job.note().isBlank()) {
            view.put("note", job.note());
        }
        view.put("created_at", job.createdAt().toString());
        view.put("updated_at", job.updatedAt().toString());
        job.cost().ifPresent(c -> view.put("cost", c));
        live.ifPresent(status -> {
            Map<String, Object> provider = new LinkedHashMap<>();
            provider.put("state", status.rawState());
            status.queuePosition().ifPresent(p -> provider.put("queue_position", p));
            view.put("provider_status", provider);
        });
        view.put("images", job.images().stream().map(this::image).toList());
        return view;
    }

    /** One line of a listing: enough to pick a job, without its inputs. */
    Map<String, Object> summary(Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", job.id().value());
        view.put("state", job.state().name());
        view.put("model", job.request().model().value());
        job.request().prompt().ifPresent(p -> view.put("prompt", p));
        view.put("created_at", job.createdAt().toString());
        view.put("files", job.images().stream().map(locator::locate).toList());
        return view;
    }

    Map<String, Object> image(StoredImage image) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("file", locator.locate(image));
        view.put("resource", uri(image));
        view.put("media_type", image.mediaType().mime());
        view.put("width", image.width());
        view.put("height", image.height());
        view.put("bytes", image.bytes());
        view.put("sha256", image.sha256());
        return view;
    }

    static String uri(StoredImage image) {
        return IMAGE_SCHEME + image.key();
    }
}
