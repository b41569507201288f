package dev.phisafe.core.evidence;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON/YAML document that remembers where each value was (line, column), so that validation errors can name
 * file, line and field after parsing — Jackson's own tree forgets locations. Duplicate keys are refused by the parser
 * ({@code STRICT_DUPLICATE_DETECTION}); depth and size are bounded.
 */
final class ConfigTree {
    static final int MAX_DEPTH = 16;
    static final int MAX_NODES = 100_000;

    /** Kind of a node. */
    enum Kind { OBJECT, ARRAY, STRING, INTEGER, NUMBER, BOOLEAN, NULL }

    /** One value with its location and its path from the root (e.g. {@code components[0].destinations[1].baa}). */
    static final class Node {
        final Kind kind;
        final String path;
        final int line;
        final int column;
        final String text;
        final Map<String, Node> fields;
        final List<Node> items;

        Node(Kind kind, String path, int line, int column, String text, Map<String, Node> fields, List<Node> items) {
            this.kind = kind;
            this.path = path;
            this.line = line;
            this.column = column;
            this.text = text;
            this.fields = fields == null ? Map.of() : Collections.unmodifiableMap(fields);
            this.items = items == null ? List.of() : Collections.unmodifiableList(items);
        }
    }

    private final JsonParser parser;
    private int nodes;

    private ConfigTree(JsonParser parser) {
        this.parser = parser;
    }

    /**
     * @param parser a parser positioned before the first token
     * @return the root node, or null for an empty document
     * @throws IllegalStateException with a message "line:column:path: problem" if the document is too deep or large
     */
    static Node read(JsonParser parser) throws IOException {
        ConfigTree t = new ConfigTree(parser);
        JsonToken first = parser.nextToken();
        if (first == null) {
            return null;
        }
        Node root = t.value(first, "", 0);
        if (parser.nextToken() != null) {
            throw new TreeException(location(parser), "", "content after the document");
        }
        return root;
    }

    private Node value(JsonToken t, String path, int depth) throws IOException {
        if (++nodes > MAX_NODES) {
            throw new TreeException(location(parser), path, "more than " + MAX_NODES + " values");
        }
        if (depth > MAX_DEPTH) {
            throw new TreeException(location(parser), path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonLocation l = parser.currentTokenLocation();
        int line = l.getLineNr();
        int col = l.getColumnNr();
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> fields = new LinkedHashMap<>();
                JsonToken n;
                while ((n = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String p = path.isEmpty() ? name : path + "." + name;
                    fields.put(name, value(parser.nextToken(), p, depth + 1));
                }
                if (n != JsonToken.END_OBJECT) {
                    throw new TreeException(location(parser), path, "unexpected content in an object");
                }
                return new Node(Kind.OBJECT, path, line, col, null, fields, null);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                JsonToken n;
                while ((n = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == null) {
                        throw new TreeException(location(parser), path, "unterminated list");
                    }
                    items.add(value(n, path + "[" + items.size() + "]", depth + 1));
                }
                return new Node(Kind.ARRAY, path, line, col, null, null, items);
            }
            case VALUE_STRING:
                return new Node(Kind.STRING, path, line, col, parser.getText(), null, null);
            case VALUE_NUMBER_INT:
                return new Node(Kind.INTEGER, path, line, col, parser.getText(), null, null);
            case VALUE_NUMBER_FLOAT:
                return new Node(Kind.NUMBER, path, line, col, parser.getText(), null, null);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node(Kind.BOOLEAN, path, line, col, parser.getText(), null, null);
            case VALUE_NULL:
                return new Node(Kind.NULL, path, line, col, null, null, null);
            default:
                throw new TreeException(location(parser), path, "unexpected token " + t);
        }
    }

    private static int[] location(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new int[] {l.getLineNr(), l.getColumnNr()};
    }

    /** A structural problem found while building the tree. */
    static final class TreeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;
        final String path;

        TreeException(int[] location, String path, String problem) {
            super(problem);
            this.line = location[0];
            this.column = location[1];
            this.path = path;
        }
    }
}
