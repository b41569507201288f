package dev.phisafe.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.store.embedding.chroma.ChromaApiVersion;
import dev.langchain4j.store.embedding.chroma.ChromaEmbeddingStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One real Chroma server per test JVM (npm {@code chromadb@3.0.9}, v2 API): the one CI started
 * ({@code -Dphi.chroma.url}, with {@code -Dphi.chroma.dataDir} for file scans), or else one started here by
 * {@code src/test/chroma/start-chroma.sh} with its data under {@code target/} and stopped when the JVM exits.
 * Tests are skipped, saying so, only if Chroma cannot be installed from the npm registry.
 */
final class ChromaServer {
    private static String url;
    private static Path dataDir;
    private static String skipped;

    private ChromaServer() {
    }

    /** @return the server's base URL (starting it on first use); skips the calling test if Chroma cannot install */
    static synchronized String url() {
        if (url == null && skipped == null) {
            start();
        }
        Assumptions.assumeTrue(skipped == null, skipped);
        return url;
    }

    /** @return the server's data directory, or null if CI did not say where it is */
    static synchronized Path dataDir() {
        url();
        return dataDir;
    }

    /** A fresh collection on the server. */
    static ChromaEmbeddingStore collection() {
        return ChromaEmbeddingStore.builder().apiVersion(ChromaApiVersion.V2).baseUrl(url())
                .collectionName("phi-" + UUID.randomUUID()).timeout(Duration.ofSeconds(60)).build();
    }

    private static void start() {
        String given = System.getProperty("phi.chroma.url");
        if (given != null) {
            String d = System.getProperty("phi.chroma.dataDir");
            dataDir = d == null ? null : Path.of(d);
            url = given;
            return;
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Path.of("target", "chroma-data-" + port).toAbsolutePath();
            Path log = Path.of("target", "chroma-start-" + port + ".log");
            Process p = new ProcessBuilder("bash", "src/test/chroma/start-chroma.sh", Integer.toString(port),
                    dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroy();
                throw new IllegalStateException("start-chroma.sh did not finish in 10 minutes; see " + log);
            }
            String out = Files.readString(log);
            if (p.exitValue() == 3) {
                skipped = "SKIPPED: Chroma could not be installed from the npm registry (npm install chromadb@3.0.9); "
                        + "the guarded store was not tested against Chroma. " + out.strip();
                return;
            }
            assertThat(p.exitValue()).as("start-chroma.sh: " + out).isZero();
            long pid = Long.parseLong(Files.readString(dir.resolve("chroma.pid")).strip());
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.destroy();
                server.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }));
            dataDir = dir;
            url = "http://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new IllegalStateException("starting Chroma failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
