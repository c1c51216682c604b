package org.herald.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.herald.testsupport.HttpTokens;

/**
 * An HTTP/1.1 upload over a plain socket that reads the response while it is still sending, as curl does:
 * java.net.http stops at the broken pipe when a server answers early and closes, and never shows the answer.
 */
final class RawUpload {
    private RawUpload() {
    }

    record Outcome(String statusLine, long sent) {
    }

    /**
     * POSTs {@code size} bytes, made as they are sent, with a Content-Length or chunked: {@code start} and then 'a's,
     * so that a parser reading as the bytes come finds a well-formed beginning and only the size limit can stop it.
     */
    static Outcome post(URL base, String path, String type, String token, String start, long size, boolean declared)
            throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n")
                    .append("Content-Type: ").append(type).append("\r\n");
            if (token != null) head.append("Authorization: ").append(HttpTokens.bearer(token)).append("\r\n");
            head.append(declared ? "Content-Length: " + size : "Transfer-Encoding: chunked").append("\r\n\r\n");
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                    byte[] first = start.getBytes(StandardCharsets.UTF_8);
                    if (!declared) out.write((Integer.toHexString(first.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(first);
                    if (!declared) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent.addAndGet(first.length);
                    while (sent.get() + chunk.length <= size) {
                        if (!declared) out.write(chunkHead);
                        out.write(chunk);
                        if (!declared) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(chunk.length);
                    }
                    int rest = (int) (size - sent.get());
                    if (!declared && rest > 0) out.write((Integer.toHexString(rest) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk, 0, rest);
                    if (!declared && rest > 0) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent.addAndGet(rest);
                    if (!declared) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed: what it answered is the outcome
                }
            });
            String status = statusLine(socket.getInputStream());
            socket.close(); // stops the writer if the server kept reading
            writer.exceptionally(e -> null).join();
            return new Outcome(status, sent.get());
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') line.append((char) b);
        return line.toString().trim();
    }
}
