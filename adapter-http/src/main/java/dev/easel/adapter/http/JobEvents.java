package dev.easel.adapter.http;

import dev.easel.core.model.Job;
import dev.easel.core.port.in.JobListener;
import io.javalin.http.sse.SseClient;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/** Sends every job change to the studio pages listening on {@code /api/v1/events} (Server-Sent Events). */
final class JobEvents implements JobListener {

    private final Queue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final Function<Job, Object> view;
    private final int maxListeners;

    JobEvents(Function<Job, Object> view, int maxListeners) {
        this.view = view;
        this.maxListeners = maxListeners;
    }

    /** Whether another listener would pass the cap; checked before a stream starts, so the refusal is a plain answer. */
    boolean full() {
        return clients.size() >= maxListeners;
    }

    int maxListeners() {
        return maxListeners;
    }

    void join(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendComment("connected");
    }

    @Override
    public void onChange(Job job) {
        Object data = view.apply(job);
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent("job", data);
            }
        }
    }

    int listeners() {
        return clients.size();
    }
}
