package ai.medscribe.text;

import ai.medscribe.note.Section;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The case study's word-level tokenizer: lower case, whitespace split, the most frequent words up
 * to a cap, and three special tokens ({@code [PAD]}=0, {@code [MASK]}=1, {@code [UNK]}=2).
 * Saved as {@code vocab.json}: {@code {"tokens": ["[PAD]", "[MASK]", "[UNK]", ...]}} indexed by id.
 */
public final class Tokenizer {

    public static final String PAD = "[PAD]";
    public static final String MASK = "[MASK]";
    public static final String UNK = "[UNK]";
    public static final int PAD_ID = 0;
    public static final int MASK_ID = 1;
    public static final int UNK_ID = 2;
    public static final String FILE_NAME = "vocab.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Tokenizer(List<String> tokens) {
        if (tokens.size() < 3 || !tokens.get(PAD_ID).equals(PAD) || !tokens.get(MASK_ID).equals(MASK)
                || !tokens.get(UNK_ID).equals(UNK)) {
            throw new IllegalArgumentException("vocabulary must start with [PAD], [MASK], [UNK]");
        }
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.putIfAbsent(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token in vocabulary: id " + i);
            }
        }
    }

    /** Builds the vocabulary from texts: the {@code maxVocab - 3} most frequent words (ties: first seen). */
    public static Tokenizer build(Collection<String> texts, int maxVocab) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Integer> firstSeen = new HashMap<>();
        for (String text : texts) {
            for (String w : words(text)) {
                counts.merge(w, 1L, Long::sum);
                firstSeen.putIfAbsent(w, firstSeen.size());
            }
        }
        List<String> vocab = new ArrayList<>(List.of(PAD, MASK, UNK));
        counts.keySet().stream()
                .filter(w -> !w.equals(PAD) && !w.equals(MASK) && !w.equals(UNK))
                .sorted(Comparator.<String>comparingLong(counts::get).reversed().thenComparing(firstSeen::get))
                .limit(Math.max(0, maxVocab - 3))
                .forEach(vocab::add);
        return new Tokenizer(vocab);
    }

    /** Lower-cased whitespace-separated words of the text. */
    public static List<String> words(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(trimmed.toLowerCase(Locale.ROOT).split("\\s+"));
    }

    public int[] encode(String text) {
        return words(text).stream().mapToInt(w -> ids.getOrDefault(w, UNK_ID)).toArray();
    }

    /** Decodes ids to text; padding is dropped, masks and unknowns are shown as their special tokens. */
    public String decode(int[] ids) {
        return Arrays.stream(ids).filter(i -> i != PAD_ID).mapToObj(this::token).collect(Collectors.joining(" "));
    }

    public String token(int id) {
        return id >= 0 && id < tokens.size() ? tokens.get(id) : UNK;
    }

    /** The id of a word (lower-cased), or {@link #UNK_ID}. */
    public int id(String word) {
        return ids.getOrDefault(word.toLowerCase(Locale.ROOT), UNK_ID);
    }

    public boolean contains(String word) {
        return ids.containsKey(word.toLowerCase(Locale.ROOT));
    }

    /**
     * The ids of the SOAP section headers this vocabulary holds, keyed by header token in SOAP order
     * (a corpus without headers has none; training then masks uniformly).
     */
    public Map<String, Integer> headerIds() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Section s : Section.SOAP) {
            if (contains(s.headerToken())) {
                out.put(s.headerToken(), id(s.headerToken()));
            }
        }
        return out;
    }

    /** The id of {@code section}'s header; fails when the vocabulary lacks it, as no note can be laid out then. */
    public int headerId(Section section) {
        Integer id = ids.get(section.headerToken());
        if (id == null) {
            throw new IllegalStateException("the vocabulary has no section header '" + section.headerToken() + "'");
        }
        return id;
    }

    public int vocabSize() {
        return tokens.size();
    }

    public List<String> tokens() {
        return tokens;
    }

    public void save(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("pad_id", PAD_ID).put("mask_id", MASK_ID).put("unk_id", UNK_ID);
        ArrayNode list = root.putArray("tokens");
        tokens.forEach(list::add);
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    public static Tokenizer load(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read vocabulary " + file + ": " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("tokens");
        if (list == null || !list.isArray()) {
            throw new IOException("vocabulary " + file + " has no \"tokens\" array");
        }
        List<String> vocab = new ArrayList<>();
        list.forEach(n -> vocab.add(n.asText()));
        try {
            return new Tokenizer(vocab);
        } catch (IllegalArgumentException e) {
            throw new IOException("vocabulary " + file + ": " + e.getMessage(), e);
        }
    }
}
