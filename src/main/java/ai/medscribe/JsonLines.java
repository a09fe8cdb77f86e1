package ai.medscribe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JSONL files: one JSON value a line, blank lines skipped, every error naming {@code file:line}. */
public final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Makes a record of one line's JSON; {@code where} is {@code file:line}, for messages. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(JsonNode node, int lineNo, String where) throws IOException;
    }

    private JsonLines() {
    }

    /**
     * Each non-blank line of {@code file} parsed, in order.
     *
     * @throws IOException naming {@code file:line} for a line that is not JSON, or whatever the parser throws
     */
    public static <T> List<T> read(Path file, Parser<T> parser) throws IOException {
        List<T> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + lineNo;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IOException(where + ": not valid JSON");
                }
                out.add(parser.parse(node, lineNo, where));
            }
        }
        return out;
    }
}
