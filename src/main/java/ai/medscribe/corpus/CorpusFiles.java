package ai.medscribe.corpus;

import ai.medscribe.JsonLines;
import ai.medscribe.note.Section;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes corpora. JSONL: one note per line,
 * {@code {"id": ..., "text": ..., "sections": {"HPI": ...}, "conditions": [...]}}; only
 * {@code text} is required (users' notes), the rest is derived with the section parser.
 * MIMIC-III {@code NOTEEVENTS.csv} (RFC 4180, read with jackson-dataformat-csv): one note per row,
 * its TEXT parsed into sections.
 */
public final class CorpusFiles {

    public static final String TRAIN = "train.jsonl";
    public static final String VAL = "val.jsonl";
    public static final String TEST = "test.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CorpusFiles() {
    }

    /** Reads a corpus by its file name: {@code .csv} is MIMIC-III NOTEEVENTS, anything else JSONL. */
    public static List<ClinicalNote> readNotes(Path file) throws IOException {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? readNoteEvents(file) : readJsonl(file);
    }

    public static List<ClinicalNote> readJsonl(Path file) throws IOException {
        return JsonLines.read(file, CorpusFiles::parseLine);
    }

    private static ClinicalNote parseLine(JsonNode node, int lineNo, String where) throws IOException {
        if (node == null || !node.isObject() || !node.path("text").isTextual()) {
            throw new IOException(where + ": expected a JSON object with a \"text\" string");
        }
        String id = node.path("id").isMissingNode() || node.path("id").isNull() ? "line-" + lineNo : node.path("id").asText();
        String text = node.path("text").asText();
        if (!node.path("sections").isObject()) {
            return ClinicalNote.fromText(id, text);
        }
        Map<Section, String> sections = new EnumMap<>(Section.class);
        var fields = node.path("sections").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            Section s = Section.fromName(e.getKey())
                    .orElseThrow(() -> new IOException(where + ": unknown section " + e.getKey()));
            sections.put(s, e.getValue().asText());
        }
        List<String> conditions = new ArrayList<>();
        node.path("conditions").forEach(c -> conditions.add(c.asText()));
        return new ClinicalNote(id, text, sections, conditions);
    }

    public static void writeJsonl(Path file, List<ClinicalNote> notes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ClinicalNote note : notes) {
                out.write(toJson(note));
                out.write('\n');
            }
        }
    }

    static String toJson(ClinicalNote note) throws JsonProcessingException {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", note.id());
        node.put("text", note.text());
        ObjectNode sections = node.putObject("sections");
        for (Section s : Section.SOAP) {
            if (note.sections().containsKey(s)) {
                sections.put(s.name(), note.sections().get(s));
            }
        }
        note.conditions().forEach(node.putArray("conditions")::add);
        return JSON.writeValueAsString(node);
    }

    /**
     * MIMIC-III NOTEEVENTS.csv (ROW_ID, SUBJECT_ID, HADM_ID, CHARTDATE, CHARTTIME, STORETIME,
     * CATEGORY, DESCRIPTION, CGID, ISERROR, TEXT): one note per row, rows marked ISERROR = 1 left
     * out; ids are {@code mimic-<ROW_ID>}.
     */
    public static List<ClinicalNote> readNoteEvents(Path file) throws IOException {
        ObjectReader reader = new CsvMapper().readerForArrayOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES);
        List<ClinicalNote> notes = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<String[]> rows = reader.readValues(in)) {
            if (!rows.hasNextValue()) {
                throw new IOException(file + ": empty file, expected a NOTEEVENTS header");
            }
            String[] header = rows.nextValue();
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                column.put(header[i].strip().toUpperCase(Locale.ROOT), i);
            }
            Integer text = column.get("TEXT");
            Integer rowId = column.get("ROW_ID");
            Integer isError = column.get("ISERROR");
            if (text == null) {
                throw new IOException(file + ": no TEXT column in the header, not a NOTEEVENTS file");
            }
            while (rows.hasNextValue()) {
                int rowLine = rows.getParser().currentLocation().getLineNr();  // where the record starts
                String[] row = rows.nextValue();
                if (row.length != header.length) {
                    throw new IOException(file + ":" + rowLine + ": " + row.length + " fields, the header has " + header.length);
                }
                if (isError == null || !"1".equals(row[isError].strip())) {
                    String id = "mimic-" + (rowId == null ? String.valueOf(notes.size() + 1) : row[rowId].strip());
                    notes.add(ClinicalNote.fromText(id, row[text]));
                }
            }
        } catch (RuntimeException e) {
            // Jackson reports malformed input (say an unterminated quote) from the iterator unchecked.
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return notes;
    }
}
