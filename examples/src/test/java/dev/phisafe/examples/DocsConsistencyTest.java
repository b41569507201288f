package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation cannot drift from the code: the same two checks as {@code tools/check-docs.py}, run by
 * {@code mvn verify}. (a) Every relative link and image in README.md and docs/**&#47;*.md resolves to a file of the
 * repository, and an anchor to a heading of the target Markdown file (GitHub's slug rules). (b) Every fenced
 * {@code java} block marked {@code <!-- from: examples/...java -->} appears verbatim, modulo indentation and blank
 * lines, in that file ({@code // ...} alone on a line marks an elision); in docs/ every {@code java} block must be
 * marked, so every Java snippet in the docs is code this module compiles and tests. The repository root is the
 * parent of this module's directory.
 */
class DocsConsistencyTest {

    @Test
    void docs_everyRelativeLinkResolves_andEveryMarkedSnippetIsVerbatimInItsExample() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("README.md")).as("repository root (parent of the examples module)").isRegularFile();
        assertThat(root.resolve("docs")).isDirectory();

        DocsChecker checker = new DocsChecker(root);

        assertThat(checker.markdownFiles()).as("Markdown files checked").hasSizeGreaterThan(10);
        assertThat(checker.snippetsChecked()).as("marked snippets found").isGreaterThan(0);
        assertThat(checker.problems()).isEmpty();
    }

    @Test
    void checker_reportsBrokenLinks_missingAnchors_alteredSnippets_andUnmarkedJava(@TempDir Path root)
            throws IOException {
        Path ex = root.resolve("examples/src/main/java/dev/phisafe/examples/AExample.java");
        Files.createDirectories(ex.getParent());
        Files.writeString(ex, "class AExample {\n    void run() {\n        int a = 1;\n\n        int b = 2;\n"
                + "        int c = 3;\n    }\n}\n");
        Files.writeString(root.resolve("README.md"), "# Title\n\nSee [docs](docs/page.md#the-part) and [gone](nope.md)."
                + "\n");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/page.md"), String.join("\n",
                "# Page", "", "## The part", "",
                "[up](../README.md#title) [self](#the-part) [bad](#no-such) [web](https://example.org/x)",
                "`[not a link](missing.md)`",
                "<!-- from: examples/src/main/java/dev/phisafe/examples/AExample.java -->",
                "```java", "int a = 1;", "  int b = 2;", "```",
                "<!-- from: examples/src/main/java/dev/phisafe/examples/AExample.java -->",
                "```java", "int a = 1;", "// ...", "int c = 3;", "```",
                "<!-- from: examples/src/main/java/dev/phisafe/examples/AExample.java -->",
                "```java", "int a = 2;", "```",
                "```java", "int unmarked;", "```", ""));

        List<String> problems = new DocsChecker(root).problems();

        assertThat(problems).hasSize(4);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("README.md:3").contains("nope.md"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("docs/page.md:5").contains("#no-such"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("docs/page.md:19").contains("not found verbatim"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("docs/page.md:22").contains("without"));
    }

    /** The checks; messages name file and line, like tools/check-docs.py. */
    static final class DocsChecker {
        private static final Pattern MARKER = Pattern.compile("<!--\\s*from:\\s*(\\S+)\\s*-->");
        private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})\\s*([\\w+-]*)");
        private static final Pattern LINK = Pattern.compile(
                "!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
        private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
        private static final Pattern INLINE_CODE = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
        private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
        private static final String ELISION = "// ...";

        private final Path root;
        private final Map<Path, Set<String>> anchorCache = new HashMap<>();
        private final List<String> problems = new ArrayList<>();
        private int snippets;

        DocsChecker(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        List<Path> markdownFiles() {
            List<Path> out = new ArrayList<>();
            if (Files.isRegularFile(root.resolve("README.md"))) {
                out.add(root.resolve("README.md"));
            }
            Path docs = root.resolve("docs");
            if (Files.isDirectory(docs)) {
                try (Stream<Path> s = Files.walk(docs)) {
                    s.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
                            .filter(p -> !docs.relativize(p).toString().contains("target"))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        }

        int snippetsChecked() {
            problems();
            return snippets;
        }

        List<String> problems() {
            problems.clear();
            snippets = 0;
            for (Path md : markdownFiles()) {
                check(md);
            }
            return List.copyOf(problems);
        }

        private static List<String> lines(Path p) {
            try {
                return List.of(Files.readString(p, StandardCharsets.UTF_8).split("\n", -1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String rel(Path p) {
            return root.relativize(p).toString().replace('\\', '/');
        }

        private void check(Path md) {
            String rel = rel(md);
            boolean inDocs = rel.startsWith("docs/");
            List<String> lines = lines(md);
            String marker = null;
            int markerLine = 0;
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i);
                Matcher f = FENCE.matcher(line);
                if (f.find()) {
                    String tick = f.group(1);
                    String lang = f.group(2).toLowerCase(Locale.ROOT);
                    String close = String.valueOf(tick.charAt(0)).repeat(tick.length());
                    List<String> body = new ArrayList<>();
                    int j = i + 1;
                    while (j < lines.size() && !lines.get(j).strip().startsWith(close)) {
                        body.add(lines.get(j));
                        j++;
                    }
                    snippet(rel + ":" + (i + 1), marker, lang, body, inDocs);
                    marker = null;
                    i = j + 1;
                    continue;
                }
                Matcher m = MARKER.matcher(line);
                if (m.find()) {
                    marker = m.group(1);
                    markerLine = i + 1;
                } else if (!line.isBlank() && marker != null) {
                    problems.add(rel + ":" + markerLine + ": 'from:' marker not followed by a fenced java block");
                    marker = null;
                }
                Matcher l = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
                while (l.find()) {
                    link(md, rel + ":" + (i + 1), l.group(1));
                }
                i++;
            }
            if (marker != null) {
                problems.add(rel + ":" + markerLine + ": 'from:' marker not followed by a fenced java block");
            }
        }

        private void link(Path md, String where, String target) {
            if (SCHEME.matcher(target).matches()) {
                return;
            }
            int hash = target.indexOf('#');
            String pathPart = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? "" : target.substring(hash + 1);
            Path dest = pathPart.isEmpty() ? md : md.getParent().resolve(pathPart).normalize();
            if (!Files.exists(dest)) {
                problems.add(where + ": link target does not exist: " + target);
                return;
            }
            if (!dest.startsWith(root)) {
                problems.add(where + ": link leaves the repository: " + target);
                return;
            }
            if (!anchor.isEmpty() && dest.toString().endsWith(".md")
                    && !anchorCache.computeIfAbsent(dest, DocsChecker::anchors).contains(anchor)) {
                problems.add(where + ": no heading for anchor #" + anchor + " in " + rel(dest));
            }
        }

        private void snippet(String where, String marker, String lang, List<String> body, boolean inDocs) {
            if (!"java".equals(lang)) {
                if (marker != null) {
                    problems.add(where + ": 'from:' marker on a non-java block");
                }
                return;
            }
            if (marker == null) {
                if (inDocs) {
                    problems.add(where + ": java block without <!-- from: examples/... --> marker");
                }
                return;
            }
            if (!marker.startsWith("examples/") || List.of(marker.split("/")).contains("..")) {
                problems.add(where + ": snippet source must be a file under examples/: " + marker);
                return;
            }
            Path src = root.resolve(marker);
            if (!Files.isRegularFile(src)) {
                problems.add(where + ": snippet source does not exist: " + marker);
                return;
            }
            snippets++;
            List<String> hay = nonBlankStripped(lines(src));
            List<String> snip = nonBlankStripped(body);
            if (snip.isEmpty()) {
                problems.add(where + ": empty snippet");
                return;
            }
            String missing = firstMissingPart(hay, snip);
            if (missing != null) {
                problems.add(where + ": snippet not found verbatim in " + marker + " (part starting '"
                        + missing.substring(0, Math.min(60, missing.length())) + "')");
            }
        }

        private static List<String> nonBlankStripped(List<String> lines) {
            return lines.stream().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
        }

        /** @return the first line of the first part (between elisions) not found in order, or null if all are */
        private static String firstMissingPart(List<String> hay, List<String> snip) {
            List<List<String>> parts = new ArrayList<>();
            List<String> cur = new ArrayList<>();
            for (String l : snip) {
                if (ELISION.equals(l)) {
                    if (!cur.isEmpty()) {
                        parts.add(cur);
                    }
                    cur = new ArrayList<>();
                } else {
                    cur.add(l);
                }
            }
            if (!cur.isEmpty()) {
                parts.add(cur);
            }
            int pos = 0;
            for (List<String> part : parts) {
                int found = -1;
                for (int k = pos; k + part.size() <= hay.size(); k++) {
                    if (hay.subList(k, k + part.size()).equals(part)) {
                        found = k;
                        break;
                    }
                }
                if (found < 0) {
                    return part.get(0);
                }
                pos = found + part.size();
            }
            return null;
        }

        /** GitHub's heading anchors of a Markdown file, with -1, -2 ... for repeats. */
        static Set<String> anchors(Path md) {
            Set<String> out = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            Character inFence = null;
            for (String line : lines(md)) {
                Matcher f = FENCE.matcher(line);
                if (f.find()) {
                    char c = f.group(1).charAt(0);
                    if (inFence == null) {
                        inFence = c;
                    } else if (inFence == c) {
                        inFence = null;
                    }
                    continue;
                }
                if (inFence != null) {
                    continue;
                }
                Matcher h = HEADING.matcher(line);
                if (h.matches()) {
                    String base = slug(h.group(2));
                    int n = seen.getOrDefault(base, 0);
                    out.add(n == 0 ? base : base + "-" + n);
                    seen.put(base, n + 1);
                }
            }
            return out;
        }

        static String slug(String heading) {
            String t = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "")
                    .replaceAll("<[^>]+>", "").strip().toLowerCase(Locale.ROOT);
            StringBuilder b = new StringBuilder();
            t.codePoints().filter(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ' ')
                    .forEach(c -> b.appendCodePoint(c == ' ' ? '-' : c));
            return b.toString();
        }
    }
}
