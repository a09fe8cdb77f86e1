package ai.medscribe.dialog;

import ai.medscribe.JsonLines;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Conversation/section pairs on disk: an MTS-Dialog CSV as published ({@link MtsDialog}), or the JSONL
 * that {@code data --input} writes from one, a pair a line:
 * {@code {"id": ..., "header": "GENHX", "section": "HPI", "text": ..., "dialogue": ...}}, where
 * {@code header} is the MTS-Dialog header and {@code section} the product's section it maps to.
 */
public final class PairFiles {

    /** The file {@code data --input} writes in its output folder. */
    public static final String PAIRS = "pairs.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PairFiles() {
    }

    /** Whether {@code file}'s first line is an MTS-Dialog header row (it names every one of {@link MtsDialog#COLUMNS}). */
    public static boolean isPairsCsv(Path file) throws IOException {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                return false;
            }
            List<String> names = List.of(first.replace("\uFEFF", "").replace("\"", "").split(","));
            return names.stream().map(String::strip).toList().containsAll(MtsDialog.COLUMNS);
        }
    }

    /** The pairs of an MTS-Dialog CSV ({@code .csv}) or of a pairs JSONL (any other name). */
    public static List<DialogPair> read(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return MtsDialog.read(file);
        }
        return JsonLines.read(file, PairFiles::parse);
    }

    private static DialogPair parse(JsonNode node, int lineNo, String where) throws IOException {
        for (String field : List.of("id", "header", "text", "dialogue")) {
            if (node == null || !node.path(field).isTextual()) {
                throw new IOException(where + ": expected a JSON object with a \"" + field + "\" string");
            }
        }
        try {
            return new DialogPair(node.get("id").asText(), MtsHeader.parse(node.get("header").asText()),
                    node.get("text").asText(), node.get("dialogue").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    /** Writes the pairs as JSONL, whole or not at all (a temporary file moved into place). */
    public static void write(List<DialogPair> pairs, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (DialogPair p : pairs) {
                    ObjectNode node = JSON.createObjectNode();
                    node.put("id", p.id());
                    node.put("header", p.header().csvName());
                    node.put("section", p.header().sectionName());
                    node.put("text", p.section());
                    node.put("dialogue", p.dialogue());
                    out.write(JSON.writeValueAsString(node));
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
