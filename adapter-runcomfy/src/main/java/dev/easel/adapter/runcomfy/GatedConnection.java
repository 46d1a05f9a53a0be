package dev.easel.adapter.runcomfy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.security.Permission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A connection that sends nothing before its gate has returned: the gate runs on the caller's thread
 * while the connection is opened (or a kept-alive one taken and checked) on one of {@code opening}'s
 * threads, or on the caller's if none has started it by then; the request (line, headers and body)
 * goes out once both are done. If the gate throws, the connection is closed unused and the gate's
 * exception is thrown as it is. Every other call is the wrapped connection's.
 */
final class GatedConnection extends HttpURLConnection {

    private final HttpURLConnection connection;
    private final Runnable gate;
    private final Executor opening;
    private boolean passed;

    GatedConnection(HttpURLConnection connection, Runnable gate, Executor opening) {
        super(connection.getURL());
        this.connection = connection;
        this.gate = gate;
        this.opening = opening;
    }

    /** Connects (which sends nothing of the request) while the gate runs here, once. */
    private void pass() throws IOException {
        if (passed) {
            return;
        }
        FutureTask<Void> connecting = new FutureTask<>(() -> {
            connection.connect();
            return null;
        });
        try {
            opening.execute(connecting);
        } catch (RejectedExecutionException busy) {
            // Connected below, on this thread.
        }
        try {
            gate.run();
        } catch (RuntimeException closed) {
            connected(connecting);
            connection.disconnect();
            throw closed;
        }
        connected(connecting);
        passed = true;
    }

    /** Runs the connect here unless a thread has started it, then waits for it. */
    private static void connected(FutureTask<Void> connecting) throws IOException {
        connecting.run();
        try {
            connecting.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting");
        }
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        pass();
        return connection.getOutputStream();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        pass();
        return connection.getInputStream();
    }

    @Override
    public int getResponseCode() throws IOException {
        pass();
        return connection.getResponseCode();
    }

    @Override
    public String getResponseMessage() throws IOException {
        pass();
        return connection.getResponseMessage();
    }

    @Override
    public void connect() throws IOException {
        connection.connect();
    }

    @Override
    public void disconnect() {
        connection.disconnect();
    }

    @Override
    public boolean usingProxy() {
        return connection.usingProxy();
    }

    @Override
    public InputStream getErrorStream() {
        return connection.getErrorStream();
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        connection.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return connection.getRequestMethod();
    }

    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        connection.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setFixedLengthStreamingMode(long contentLength) {
        connection.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setChunkedStreamingMode(int chunkLength) {
        connection.setChunkedStreamingMode(chunkLength);
    }

    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
        connection.setInstanceFollowRedirects(followRedirects);
    }

    @Override
    public boolean getInstanceFollowRedirects() {
        return connection.getInstanceFollowRedirects();
    }

    @Override
    public void setConnectTimeout(int timeout) {
        connection.setConnectTimeout(timeout);
    }

    @Override
    public int getConnectTimeout() {
        return connection.getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {
        connection.setReadTimeout(timeout);
    }

    @Override
    public int getReadTimeout() {
        return connection.getReadTimeout();
    }

    @Override
    public void setAllowUserInteraction(boolean allow) {
        connection.setAllowUserInteraction(allow);
    }

    @Override
    public boolean getAllowUserInteraction() {
        return connection.getAllowUserInteraction();
    }

    @Override
    public void setDoOutput(boolean doOutput) {
        connection.setDoOutput(doOutput);
    }

    @Override
    public boolean getDoOutput() {
        return connection.getDoOutput();
    }

    @Override
    public void setDoInput(boolean doInput) {
        connection.setDoInput(doInput);
    }

    @Override
    public boolean getDoInput() {
        return connection.getDoInput();
    }

    @Override
    public void setUseCaches(boolean useCaches) {
        connection.setUseCaches(useCaches);
    }

    @Override
    public boolean getUseCaches() {
        return connection.getUseCaches();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        connection.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        connection.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return connection.getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        return connection.getRequestProperties();
    }

    @Override
    public String getHeaderField(String name) {
        return connection.getHeaderField(name);
    }

    @Override
    public String getHeaderField(int n) {
        return connection.getHeaderField(n);
    }

    @Override
    public String getHeaderFieldKey(int n) {
        return connection.getHeaderFieldKey(n);
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return connection.getHeaderFields();
    }

    @Override
    public int getContentLength() {
        return connection.getContentLength();
    }

    @Override
    public long getContentLengthLong() {
        return connection.getContentLengthLong();
    }

    @Override
    public String getContentType() {
        return connection.getContentType();
    }

    @Override
    public String getContentEncoding() {
        return connection.getContentEncoding();
    }

    @Override
    public Permission getPermission() throws IOException {
        return connection.getPermission();
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
