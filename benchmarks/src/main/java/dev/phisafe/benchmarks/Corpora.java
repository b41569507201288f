package dev.phisafe.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the benchmark corpora from the shared data folder (read-only, outside the repository).
 *
 * <p>The folder is the system property {@value #PROPERTY} if set (resolved against the working directory);
 * otherwise {@code ../shared/data} relative to the repository root, where the root is found by walking up from the
 * working directory, then from the location of the benchmarks jar, to the first folder holding
 * {@code benchmarks/pom.xml}. JMH forks inherit the host JVM's {@code -D} options, so
 * {@code java -Dphi.sharedDir=/path -jar benchmarks/target/benchmarks.jar} reaches the forks.
 */
final class Corpora {

    /** System property naming the shared data folder (the one holding {@code gold/} and {@code corpus/}). */
    static final String PROPERTY = "phi.sharedDir";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Corpora() {
    }

    /** The texts of every gold file ({@code gold/*.jsonl}), one per document, files in name order. */
    static List<String> goldTexts() {
        Path gold = sharedDir().resolve("gold");
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(gold, "*.jsonl")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + gold, e);
        }
        files.sort(null);
        List<String> texts = new ArrayList<>();
        for (Path f : files) {
            texts.addAll(texts(f));
        }
        return texts;
    }

    /** The long ACI-Bench notes, one per document. */
    static List<String> aciTexts() {
        return texts(sharedDir().resolve("corpus").resolve("aci-bench-dev.jsonl"));
    }

    /** The field {@code "text"} of every line of a JSON-lines file. */
    static List<String> texts(Path jsonl) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode text = JSON.readTree(line).get("text");
                if (text != null && text.isTextual()) {
                    out.add(text.asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no \"text\" field found in " + jsonl);
        }
        return out;
    }

    /** The sum of the UTF-8 sizes of {@code texts}: the byte count that MB/s figures divide. */
    static long utf8Bytes(List<String> texts) {
        long n = 0;
        for (String t : texts) {
            n += t.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    static Path sharedDir() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop).toAbsolutePath().normalize();
            if (!Files.isDirectory(p.resolve("gold"))) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + p + " holds no gold/ folder");
            }
            return p;
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Paths.get("").toAbsolutePath());
        try {
            starts.add(Paths.get(Corpora.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): the working directory is the only start
        }
        for (Path start : starts) {
            for (Path d = start; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("benchmarks").resolve("pom.xml"))) {
                    Path shared = d.resolve("..").resolve("shared").resolve("data").normalize();
                    if (Files.isDirectory(shared.resolve("gold"))) {
                        return shared;
                    }
                }
            }
        }
        throw new IllegalStateException("shared data not found: pass -D" + PROPERTY
                + "=/path/to/shared/data (the folder holding gold/ and corpus/)");
    }
}
