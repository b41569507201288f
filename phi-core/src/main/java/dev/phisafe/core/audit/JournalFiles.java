package dev.phisafe.core.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File layout and record encoding shared by the journal writer and the verifier. */
final class JournalFiles {
    static final Pattern EPOCH = Pattern.compile("[0-9]{4}-[0-9]{2}");
    static final Pattern RECORDS = Pattern.compile("records-([0-9]{4}-[0-9]{2})\\.jsonl");
    static final Pattern DROPPED = Pattern.compile("dropped-([0-9]{4}-[0-9]{2})\\.checkpoint");
    static final String VKEY = "journal.vkey";
    static final byte[] ZERO = new byte[32];

    private JournalFiles() {
    }

    static Path records(Path dir, String epoch) {
        return dir.resolve("records-" + epoch + ".jsonl");
    }

    static Path checkpoints(Path dir, String epoch) {
        return dir.resolve("checkpoints-" + epoch + ".jsonl");
    }

    static Path dropped(Path dir, String epoch) {
        return dir.resolve("dropped-" + epoch + ".checkpoint");
    }

    static TreeSet<String> epochs(Path dir, Pattern p) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    static String b64(byte[] h) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    }

    /** The canonical record line (without the newline). */
    static byte[] encodeRecord(String epoch, long seq, byte[] prev, Map<String, Object> event) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("v", 1L);
        r.put("epoch", epoch);
        r.put("seq", seq);
        r.put("prev", b64(prev));
        r.put("event", event);
        return CanonicalJson.encode(r);
    }

    /** A parsed record line. */
    static final class Record {
        final String epoch;
        final long seq;
        final byte[] prev;
        final AuditEvent event;

        Record(String epoch, long seq, byte[] prev, AuditEvent event) {
            this.epoch = epoch;
            this.seq = seq;
            this.prev = prev;
            this.event = event;
        }
    }

    /** @throws AuditFormatException if the line is not a canonical, valid record */
    @SuppressWarnings("unchecked")
    static Record parseRecord(byte[] line) {
        Map<String, Object> m = CanonicalJson.parseCanonical(line);
        if (m.size() != 5 || !Long.valueOf(1).equals(m.get("v")) || !(m.get("epoch") instanceof String)
                || !(m.get("seq") instanceof Long) || !(m.get("prev") instanceof String)
                || !(m.get("event") instanceof Map)) {
            throw new AuditFormatException("not a journal record");
        }
        byte[] prev;
        try {
            prev = Base64.getUrlDecoder().decode((String) m.get("prev"));
        } catch (IllegalArgumentException e) {
            throw new AuditFormatException("record's prev is not base64url");
        }
        if (prev.length != 32 || (Long) m.get("seq") < 0) {
            throw new AuditFormatException("record's prev or seq out of range");
        }
        return new Record((String) m.get("epoch"), (Long) m.get("seq"), prev,
                AuditEvent.fromMap((Map<String, Object>) m.get("event")));
    }

    static byte[] encodeCheckpoint(Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("note", c.toNote());
        return CanonicalJson.encode(m);
    }

    static Checkpoint parseCheckpointLine(byte[] line) {
        Map<String, Object> m = CanonicalJson.parseCanonical(line);
        if (m.size() != 1 || !(m.get("note") instanceof String)) {
            throw new AuditFormatException("not a checkpoint line");
        }
        return Checkpoint.parse((String) m.get("note"));
    }

    /** Complete lines (without '\n') and the offset where a partial last line starts, or -1. */
    static final class Lines {
        final List<int[]> spans = new ArrayList<>();   // {offset, length}
        final long tornAt;
        final byte[] bytes;

        Lines(byte[] bytes) {
            this.bytes = bytes;
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    spans.add(new int[]{start, i - start});
                    start = i + 1;
                }
            }
            tornAt = start < bytes.length ? start : -1;
        }

        byte[] line(int i) {
            int[] s = spans.get(i);
            return java.util.Arrays.copyOfRange(bytes, s[0], s[0] + s[1]);
        }
    }
}
