package dev.mledojo.task.prepare;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A raw table published as JSON records, read as rows of text cells: either one array of objects ({@code train.json}
 * of random-acts-of-pizza, dont-call-me-turkey, statoil) or one object per line (JSON lines). The columns are the
 * top-level keys in the order they first appear (a first streaming pass collects them, so files never have to fit in
 * memory); a record without a key has an empty cell there.
 *
 * <p>Cells: strings as they are, numbers exactly as written, {@code true}/{@code false} as {@code True}/{@code False}
 * and {@code null} as an empty cell (what pandas writes for a boolean or missing value), nested arrays and objects as
 * their compact JSON text (numbers again as written).
 */
final class JsonRecords implements CsvStream.RowSource {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final String name;
    private final JsonParser parser;
    private final Map<String, Integer> columns;
    private final List<String> header;
    private final Walk walk;

    private JsonRecords(String name, JsonParser parser, List<String> header) {
        this.name = name;
        this.parser = parser;
        this.header = List.copyOf(header);
        this.columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i), i);
        }
        this.walk = new Walk(parser, name);
    }

    /** Whether a file name says JSON records ({@code .json}, {@code .jsonl}, {@code .ndjson}, each optionally {@code .gz}). */
    static boolean isJson(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    /**
     * Reads the columns of {@code file} (a first pass over its own stream), then serves the rows from {@code rows} (the
     * caller's stream over the same file, already un-gzipped; closed with this source).
     */
    static JsonRecords open(Path file, InputStream rows, String name) throws IOException {
        List<String> header = keys(file, name);
        return new JsonRecords(name, FACTORY.createParser(rows), header);
    }

    private static List<String> keys(Path file, String name) throws IOException {
        try {
            return readKeys(file, name);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw problem(e, name);
        }
    }

    /** A parse error as a message naming the file and the line, without the parser's source description. */
    private static PreparationException problem(com.fasterxml.jackson.core.JsonProcessingException e, String name) {
        if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return new PreparationException("'" + name + "' ends in the middle of a record or before its list of records is "
                    + "closed (truncated?)", e);
        }
        long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return new PreparationException("'" + name + "' is not valid JSON" + (line > 0 ? " at line " + line : "") + ": "
                + e.getOriginalMessage(), e);
    }

    private static List<String> readKeys(Path file, String name) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try (InputStream in = name.toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                JsonParser p = FACTORY.createParser(in)) {
            Walk walk = new Walk(p, name);
            Map<String, Boolean> keys = new LinkedHashMap<>();
            int records = 0;
            while (walk.nextRecord()) {
                records++;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (t != JsonToken.FIELD_NAME) {
                        throw new PreparationException("'" + name + "' record " + records + " is not a flat JSON object");
                    }
                    keys.put(p.currentName(), Boolean.TRUE);
                    p.nextToken();
                    p.skipChildren();
                }
            }
            if (keys.isEmpty()) {
                throw new PreparationException("'" + name + "' holds no JSON record with fields: a list of objects is expected");
            }
            return new ArrayList<>(keys.keySet());
        }
    }

    @Override
    public List<String> rawHeader() {
        return header;
    }

    @Override
    public String[] next() throws IOException {
        try {
            return nextRow();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw problem(e, name);
        }
    }

    private String[] nextRow() throws IOException {
        if (!walk.nextRecord()) {
            return null;
        }
        String[] cells = new String[header.size()];
        Arrays.fill(cells, "");
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) {
                throw new PreparationException("'" + name + "' near line " + position() + ": a record is not a flat JSON object");
            }
            Integer i = columns.get(parser.currentName());
            if (i == null) {
                throw new PreparationException("'" + name + "' changed while it was read (the field '" + parser.currentName()
                        + "' was not there before)");
            }
            parser.nextToken();
            cells[i] = cell(parser);
        }
        return cells;
    }

    @Override
    public long position() {
        return parser.currentLocation().getLineNr();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** The text of the value the parser stands on. */
    private static String cell(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_TRUE -> "True";
            case VALUE_FALSE -> "False";
            case VALUE_NULL -> "";
            case START_ARRAY, START_OBJECT -> {
                StringWriter w = new StringWriter();
                try (JsonGenerator g = FACTORY.createGenerator(w)) {
                    copy(p, g);
                }
                yield w.toString();
            }
            default -> throw new PreparationException("unexpected JSON token " + p.currentToken());
        };
    }

    /** Copies the structure the parser stands on, numbers as written. */
    private static void copy(JsonParser p, JsonGenerator g) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_ARRAY -> {
                g.writeStartArray();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    copy(p, g);
                }
                g.writeEndArray();
            }
            case START_OBJECT -> {
                g.writeStartObject();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    g.writeFieldName(p.currentName());
                    p.nextToken();
                    copy(p, g);
                }
                g.writeEndObject();
            }
            case VALUE_STRING -> g.writeString(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> throw new PreparationException("unexpected JSON token " + t);
        }
    }

    /** Steps from record to record: the objects of one top-level array, or top-level objects one after another. */
    private static final class Walk {
        private final JsonParser p;
        private final String name;
        private Boolean array;
        private boolean done;

        Walk(JsonParser p, String name) {
            this.p = p;
            this.name = name;
        }

        /** Moves onto the next record's START_OBJECT; false at the end. */
        boolean nextRecord() throws IOException {
            if (done) {
                return false;
            }
            JsonToken t = p.nextToken();
            if (array == null) {
                if (t == JsonToken.START_ARRAY) {
                    array = true;
                    t = p.nextToken();
                } else if (t == JsonToken.START_OBJECT) {
                    array = false;
                } else {
                    throw new PreparationException("'" + name + "' is " + (t == null ? "empty" : "not JSON records (it starts with "
                            + t + ")") + ": a list of objects or one object per line is expected");
                }
            }
            if (array && t == JsonToken.END_ARRAY) {
                done = true;
                if (p.nextToken() != null) {
                    throw new PreparationException("'" + name + "' has more JSON after its list of records (line "
                            + p.currentLocation().getLineNr() + ")");
                }
                return false;
            }
            if (!array && t == null) {
                done = true;
                return false;
            }
            if (t != JsonToken.START_OBJECT) {
                throw new PreparationException("'" + name + "' near line " + p.currentLocation().getLineNr()
                        + ": every record must be a JSON object, found " + t);
            }
            return true;
        }
    }
}
