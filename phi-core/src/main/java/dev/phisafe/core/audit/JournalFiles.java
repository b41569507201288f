package dev.phisafe.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File layout and record encoding shared by the journal writer and the verifier.
 *
 * <p>A record line is the RFC 8785 canonical form of {@code {"epoch","event","prev","seq","v"}}. Because canonical
 * keys sort, every line has the same fixed envelope around the canonical event object:
 * <pre>
 * {"epoch":"YYYY-MM","event":{...},"prev":"&lt;43 base64url chars&gt;","seq":&lt;n&gt;,"v":1}
 * </pre>
 * The writer therefore takes the event's canonical bytes (encoded by the caller's thread) and only splices in the
 * epoch, the chain value and the sequence number ({@link #assembleRecord}); the verifier's fast path reads epoch,
 * prev and seq at their fixed places from the ends of the line ({@link #parseEnvelope}) without parsing the event.
 * Both produce and accept exactly the bytes the map-based {@link #encodeRecord} produces.
 */
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

    private static final byte[] ENV_HEAD = ascii("{\"epoch\":\"");        // 10 bytes, then YYYY-MM
    private static final byte[] ENV_EVENT = ascii("\",\"event\":");      // 10 bytes, then the event object
    private static final byte[] ENV_PREV = ascii(",\"prev\":\"");        // 9 bytes, then 43 base64url chars
    private static final byte[] ENV_SEQ = ascii("\",\"seq\":");          // 8 bytes, then the decimal seq
    private static final byte[] ENV_END = ascii(",\"v\":1}");             // 7 bytes
    static final int B64_HASH = 43;
    private static final int EVENT_OFF = ENV_HEAD.length + 7 + ENV_EVENT.length;
    /** Envelope bytes around the event: head, epoch, event key, prev, seq key (digits excluded), end. */
    static final int ENVELOPE = EVENT_OFF + ENV_PREV.length + B64_HASH + ENV_SEQ.length + ENV_END.length;
    /** Upper bound of a record line the writer and readers accept (records are small; this bounds memory). */
    static final int MAX_LINE = 1 << 22;
    /** 1 for every byte that is not a base64url character. */
    private static final byte[] NOT_B64URL = new byte[256];

    static {
        Arrays.fill(NOT_B64URL, (byte) 1);
        for (byte c : ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")) {
            NOT_B64URL[c] = 0;
        }
    }

    private static final byte[] B64URL = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the 7 ASCII bytes of an epoch name */
    static byte[] epochBytes(String epoch) {
        byte[] b = ascii(epoch);
        if (b.length != 7) {
            throw new IllegalArgumentException("epoch must be YYYY-MM");
        }
        return b;
    }

    /** Writes the unpadded base64url form of a 32-byte hash (43 chars) into dst at off. */
    static void b64Hash(byte[] h, byte[] dst, int off) {
        b64Hash(h, 0, dst, off);
    }

    /** Writes the unpadded base64url form of the 32-byte hash at {@code h[hOff]} (43 chars) into dst at off. */
    static void b64Hash(byte[] src, int hOff, byte[] dst, int off) {
        int d = off;
        int i = hOff;
        byte[] h = src;
        for (; i + 3 <= hOff + 30; i += 3) {
            int v = (h[i] & 0xff) << 16 | (h[i + 1] & 0xff) << 8 | (h[i + 2] & 0xff);
            dst[d++] = B64URL[v >>> 18];
            dst[d++] = B64URL[(v >>> 12) & 63];
            dst[d++] = B64URL[(v >>> 6) & 63];
            dst[d++] = B64URL[v & 63];
        }
        int v = (h[i] & 0xff) << 16 | (h[i + 1] & 0xff) << 8;
        dst[d++] = B64URL[v >>> 18];
        dst[d++] = B64URL[(v >>> 12) & 63];
        dst[d] = B64URL[(v >>> 6) & 63];
    }

    /** @return the largest record line {@link #assembleRecord} writes for an event of this many bytes */
    static int recordCapacity(int eventLength) {
        return ENVELOPE + 20 + eventLength;
    }

    /**
     * Writes the canonical record line (without newline) for a canonical event into dst at off; byte-identical to
     * {@link #encodeRecord}. dst must have {@link #recordCapacity} bytes free.
     *
     * @return the offset after the line
     */
    static int assembleRecord(byte[] dst, int off, byte[] epoch7, byte[] eventJson, byte[] prev, long seq) {
        int p = off;
        System.arraycopy(ENV_HEAD, 0, dst, p, ENV_HEAD.length);
        p += ENV_HEAD.length;
        System.arraycopy(epoch7, 0, dst, p, 7);
        p += 7;
        System.arraycopy(ENV_EVENT, 0, dst, p, ENV_EVENT.length);
        p += ENV_EVENT.length;
        System.arraycopy(eventJson, 0, dst, p, eventJson.length);
        p += eventJson.length;
        System.arraycopy(ENV_PREV, 0, dst, p, ENV_PREV.length);
        p += ENV_PREV.length;
        b64Hash(prev, dst, p);
        p += B64_HASH;
        System.arraycopy(ENV_SEQ, 0, dst, p, ENV_SEQ.length);
        p += ENV_SEQ.length;
        p = decimal(seq, dst, p);
        System.arraycopy(ENV_END, 0, dst, p, ENV_END.length);
        return p + ENV_END.length;
    }

    private static int decimal(long v, byte[] dst, int off) {
        if (v == 0) {
            dst[off] = '0';
            return off + 1;
        }
        int n = 0;
        for (long t = v; t > 0; t /= 10) {
            n++;
        }
        long t = v;
        for (int i = off + n - 1; i >= off; i--) {
            dst[i] = (byte) ('0' + (int) (t % 10));
            t /= 10;
        }
        return off + n;
    }

    /**
     * The envelope of one record line, read at fixed positions without parsing the event (fast verification and
     * recovery). The event's bytes are bound by the leaf hash, so they need no parse to be tamper-evident.
     */
    static final class Envelope {
        /** Offset of the epoch's 7 bytes. */
        int epochOff;
        /** Offset of prev's 43 base64url chars. */
        int prevOff;
        long seq;

        /** @return whether the line's epoch is the given one */
        boolean epochIs(byte[] line, byte[] epoch7) {
            return Arrays.equals(line, epochOff, epochOff + 7, epoch7, 0, 7);
        }

        /** @return whether the line's prev is exactly the canonical base64url of {@code expected43} */
        boolean prevIs(byte[] line, byte[] expected43) {
            return Arrays.equals(line, prevOff, prevOff + B64_HASH, expected43, 0, B64_HASH);
        }

        /** @return the decoded prev, or null if it is not canonical base64url of 32 bytes */
        byte[] prev(byte[] line) {
            try {
                byte[] h = Base64.getUrlDecoder().decode(Arrays.copyOfRange(line, prevOff, prevOff + B64_HASH));
                if (h.length != 32) {
                    return null;
                }
                byte[] again = new byte[B64_HASH];
                b64Hash(h, again, 0);
                return prevIs(line, again) ? h : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * Reads the envelope of the line {@code b[off, off+len)}: fixed head and tail, epoch shaped YYYY-MM, prev 43
     * base64url chars, seq a canonical non-negative 64-bit decimal, and an event that starts with '{' and ends with
     * '}'. Does not parse the event.
     *
     * @return whether the envelope is well-formed (then {@code out} is filled)
     */
    static boolean parseEnvelope(byte[] b, int off, int len, Envelope out) {
        int end = off + len;
        if (len < ENVELOPE + 3 || !Arrays.equals(b, off, off + ENV_HEAD.length, ENV_HEAD, 0, ENV_HEAD.length)
                || !Arrays.equals(b, end - ENV_END.length, end, ENV_END, 0, ENV_END.length)) {
            return false;
        }
        int e = off + ENV_HEAD.length;
        for (int i = 0; i < 7; i++) {
            byte c = b[e + i];
            if (i == 4 ? c != '-' : (c < '0' || c > '9')) {
                return false;
            }
        }
        if (!Arrays.equals(b, e + 7, e + 7 + ENV_EVENT.length, ENV_EVENT, 0, ENV_EVENT.length)
                || b[off + EVENT_OFF] != '{') {
            return false;
        }
        int digitsEnd = end - ENV_END.length;
        int i = digitsEnd;
        while (i > off && b[i - 1] >= '0' && b[i - 1] <= '9') {
            i--;
        }
        int nd = digitsEnd - i;
        if (nd < 1 || nd > 19 || (nd > 1 && b[i] == '0')) {
            return false;
        }
        long seq = 0;
        for (int k = i; k < digitsEnd; k++) {
            seq = seq * 10 + (b[k] - '0');
            if (seq < 0) {
                return false;
            }
        }
        int seqKey = i - ENV_SEQ.length;
        int prevOff = seqKey - B64_HASH;
        int prevKey = prevOff - ENV_PREV.length;
        if (prevKey - 1 < off + EVENT_OFF + 1   // the event is at least "{}"
                || !Arrays.equals(b, seqKey, i, ENV_SEQ, 0, ENV_SEQ.length)
                || !Arrays.equals(b, prevKey, prevOff, ENV_PREV, 0, ENV_PREV.length)
                || b[prevKey - 1] != '}') {
            return false;
        }
        int bad = 0;
        for (int k = prevOff; k < seqKey; k++) {
            bad |= NOT_B64URL[b[k] & 0xff];   // no data-dependent branch: the chars are random
        }
        if (bad != 0) {
            return false;
        }
        out.epochOff = e;
        out.prevOff = prevOff;
        out.seq = seq;
        return true;
    }

    /**
     * Streams the newline-terminated lines of a file with bounded memory (one buffer, grown only for a line longer
     * than it, up to {@link #MAX_LINE}). A final partial line (no newline: a write cut by a crash) is reported as a
     * torn tail, not as a line.
     */
    static final class LineReader implements AutoCloseable {
        private final FileChannel ch;
        private final long limit;
        private byte[] buf;
        private int start;      // start of the next line in buf
        private int end;        // end of valid data in buf
        private long bufPos;    // file position of buf[0]
        private boolean eof;
        /** Current line: {@code buf()[off(), off()+len())}. */
        private int lineOff;
        private int lineLen;
        private long lineNo;

        /**
         * @param f     the file
         * @param limit read at most this many bytes (the size the caller observed), or -1 for the size at opening
         */
        LineReader(Path f, long limit) throws IOException {
            this.ch = FileChannel.open(f, StandardOpenOption.READ);
            this.limit = limit < 0 ? ch.size() : limit;
            this.buf = new byte[1 << 20];
        }

        /**
         * @return true if a complete line is available (see {@link #buf}, {@link #off}, {@link #len})
         * @throws IOException if reading fails or a line exceeds {@link #MAX_LINE}
         */
        boolean next() throws IOException {
            while (true) {
                int nl = indexOfNewline(buf, start, end);
                if (nl >= 0) {
                    lineOff = start;
                    lineLen = nl - start;
                    start = nl + 1;
                    lineNo++;
                    return true;
                }
                if (eof) {
                    return false;
                }
                fill();
            }
        }

        private void fill() throws IOException {
            int rest = end - start;
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, rest);
                bufPos += start;
                start = 0;
                end = rest;
            }
            if (end == buf.length) {
                if (buf.length >= MAX_LINE) {
                    throw new IOException("record line longer than " + MAX_LINE + " bytes");
                }
                buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
            }
            long remaining = limit - (bufPos + end);
            if (remaining <= 0) {
                eof = true;
                return;
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, end, (int) Math.min(buf.length - end, remaining));
            int n = ch.read(bb, bufPos + end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }

        byte[] buf() {
            return buf;
        }

        int off() {
            return lineOff;
        }

        int len() {
            return lineLen;
        }

        /** @return a copy of the current line */
        byte[] line() {
            return Arrays.copyOfRange(buf, lineOff, lineOff + lineLen);
        }

        /** @return the 1-based number of the current line */
        long lineNo() {
            return lineNo;
        }

        /** After {@link #next} returned false: the file offset where a partial last line starts, or -1. */
        long tornAt() {
            return start < end ? bufPos + start : -1;
        }

        /** After {@link #next} returned false: bytes of the partial last line. */
        long tornBytes() {
            return end - start;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /**
     * Reads a file as a sequence of chunks that each hold only complete, newline-terminated lines, so that the lines
     * of one chunk can be hashed by other threads while the next chunk is read (the verifier's pipeline). Same
     * semantics as {@link LineReader}: bounded memory (a chunk grows only for a line longer than it, up to
     * {@link #MAX_LINE}), reads at most the size at opening, and a final partial line is a torn tail, not a line.
     */
    static final class ChunkReader implements AutoCloseable {
        static final int CHUNK = 1 << 20;
        private final FileChannel ch;
        private final long limit;
        private long pos;              // file position of the next byte to read
        private byte[] carry = new byte[0];
        private int carryLen;          // bytes of an unterminated line carried into the next chunk
        private boolean eof;

        ChunkReader(Path f) throws IOException {
            this.ch = FileChannel.open(f, StandardOpenOption.READ);
            this.limit = ch.size();
        }

        /**
         * Fills {@code c} with the next run of complete lines (reusing its buffer).
         *
         * @return false at the end of the file (then see {@link #tornBytes})
         * @throws IOException if reading fails or a line exceeds {@link #MAX_LINE}
         */
        boolean next(Chunk c) throws IOException {
            if (c.buf.length < Math.max(CHUNK, carryLen + 1)) {
                c.buf = new byte[Math.max(CHUNK, Math.min(MAX_LINE, Integer.highestOneBit(carryLen) << 1))];
            }
            System.arraycopy(carry, 0, c.buf, 0, carryLen);
            int end = carryLen;
            int scanned = carryLen;    // the carried bytes hold no newline
            byte[] buf = c.buf;
            while (true) {
                if (!eof && end < buf.length) {
                    long remaining = limit - pos;
                    if (remaining <= 0) {
                        eof = true;
                    } else {
                        int n = ch.read(ByteBuffer.wrap(buf, end, (int) Math.min(buf.length - end, remaining)), pos);
                        if (n < 0) {
                            eof = true;
                        } else {
                            end += n;
                            pos += n;
                        }
                    }
                }
                int last = lastNewline(buf, scanned, end);
                if (last >= 0) {
                    carryLen = end - last - 1;
                    if (carry.length < carryLen) {
                        carry = new byte[Math.max(carryLen, CHUNK)];
                    }
                    System.arraycopy(buf, last + 1, carry, 0, carryLen);
                    c.len = last + 1;
                    return true;
                }
                scanned = end;
                if (end == buf.length) {
                    if (buf.length >= MAX_LINE) {
                        throw new IOException("record line longer than " + MAX_LINE + " bytes");
                    }
                    buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
                    c.buf = buf;
                } else if (eof) {
                    carryLen = end;
                    if (carry.length < carryLen) {
                        carry = new byte[carryLen];
                    }
                    System.arraycopy(buf, 0, carry, 0, carryLen);
                    return false;
                }
            }
        }

        /** After {@link #next} returned false: bytes of the partial last line (0 if none). */
        long tornBytes() {
            return carryLen;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A run of complete, newline-terminated lines {@code buf[0, len)} read by {@link ChunkReader}. */
    static class Chunk {
        byte[] buf = new byte[0];
        int len;
    }

    private static int lastNewline(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first '\n' in b[from, to), or -1; eight bytes at a time. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONG.get(b, i);
            long x = w ^ 0x0A0A0A0A0A0A0A0AL;
            long t = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

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
