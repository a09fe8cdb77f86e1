package ai.medscribe.text;

import ai.medscribe.LowerCaseId;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The case study's word-level tokenizer: lower case, split by the vocabulary's {@link Splitting},
 * the most frequent tokens up to a cap, and three special tokens ({@code [PAD]}=0, {@code [MASK]}=1,
 * {@code [UNK]}=2). Saved as {@code vocab.json}:
 * {@code {"splitting": "punctuation", "tokens": ["[PAD]", "[MASK]", "[UNK]", ...]}} indexed by id;
 * a vocab.json without {@code "splitting"} (every bundle written before the field existed) is
 * {@link Splitting#WHITESPACE}, and a WHITESPACE vocabulary is still saved without it.
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

    /**
     * How a text becomes tokens. Both lower-case the text and split it on whitespace;
     * PUNCTUATION then splits each word further (see {@link #PUNCTUATION}).
     */
    public enum Splitting implements LowerCaseId {
        /** The case study's rule: whitespace words, punctuation included ({@code pain,} is one token). */
        WHITESPACE,
        /**
         * Punctuation characters become tokens of their own ({@code pain,} is {@code pain} {@code ,};
         * {@code (3} is {@code (} {@code 3}), except where numbers, units and abbreviations need them:
         * {@code . / -} between two letters or digits ({@code 98.1}, {@code 127/79}, {@code x-ray},
         * {@code b.i.d}), {@code , :} between two digits ({@code 1,000}, {@code 10:30}), an apostrophe
         * between two letters ({@code patient's}) and {@code %} after a digit ({@code 96%}) stay inside
         * the word. The SOAP header tokens ({@code hpi:} ... {@code plan:}) and words made only of
         * punctuation ({@code --}, {@code ...}) stay whole. Symbols that are not Unicode punctuation
         * ({@code + < > = °}) never split, so {@code 2+} and {@code >5} stay whole.
         */
        PUNCTUATION;

        /** The tokens of {@code text} under this rule. */
        public List<String> split(String text) {
            List<String> words = words(text);
            if (this == WHITESPACE) {
                return words;
            }
            List<String> out = new ArrayList<>();
            words.forEach(w -> splitWord(w, out));
            return out;
        }

        static Splitting of(String id) {
            for (Splitting s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown splitting \"" + id + "\" (known: "
                    + Arrays.stream(values()).map(Splitting::id).collect(Collectors.joining(", ")) + ")");
        }
    }

    /** How {@link #build(Collection, int)} splits: the rule of every vocabulary trained from now on. */
    public static final Splitting DEFAULT_SPLITTING = Splitting.PUNCTUATION;

    /** Punctuation tokens written without a space before them when decoding a PUNCTUATION vocabulary. */
    private static final Set<String> CLOSING = Set.of(",", ".", ";", ":", ")", "!", "?", "%");
    /** Punctuation tokens written without a space after them. */
    private static final Set<String> OPENING = Set.of("(");
    private static final Set<String> HEADER_TOKENS = Section.SOAP.stream().map(Section::headerToken)
            .collect(Collectors.toUnmodifiableSet());

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final Splitting splitting;

    private Tokenizer(List<String> tokens, Splitting splitting) {
        this.splitting = splitting;
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

    /**
     * Builds a {@link #DEFAULT_SPLITTING} vocabulary from texts: the {@code maxVocab - 3} most frequent
     * tokens (ties: first seen).
     */
    public static Tokenizer build(Collection<String> texts, int maxVocab) {
        return build(texts, maxVocab, DEFAULT_SPLITTING);
    }

    /** Builds a vocabulary that splits by {@code splitting} (WHITESPACE: as every bundle before it). */
    public static Tokenizer build(Collection<String> texts, int maxVocab, Splitting splitting) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Integer> firstSeen = new HashMap<>();
        for (String text : texts) {
            for (String w : splitting.split(text)) {
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
        return new Tokenizer(vocab, splitting);
    }

    /**
     * Lower-cased whitespace-separated words of the text: a WHITESPACE vocabulary's tokens, and the
     * words the phrase pools and the corpus filter count. Use {@link #split(String)} to count or
     * align tokens against a model's canvas.
     */
    public static List<String> words(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(trimmed.toLowerCase(Locale.ROOT).split("\\s+"));
    }

    /** Splits a lower-cased word by the PUNCTUATION rule into {@code out}. */
    private static void splitWord(String word, List<String> out) {
        if (HEADER_TOKENS.contains(word) || word.codePoints().allMatch(Tokenizer::isPunctuation)) {
            out.add(word);
            return;
        }
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!isPunctuation(c) || staysInWord(word, i)) {
                current.append(c);
                continue;
            }
            if (current.length() > 0) {
                out.add(current.toString());
                current.setLength(0);
            }
            out.add(String.valueOf(c));
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
    }

    private static boolean isPunctuation(int c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** Whether the punctuation character at {@code i} belongs to a number, unit or abbreviation. */
    private static boolean staysInWord(String word, int i) {
        char c = word.charAt(i);
        char before = i > 0 ? word.charAt(i - 1) : ' ';
        char after = i + 1 < word.length() ? word.charAt(i + 1) : ' ';
        return switch (c) {
            case '.', '/', '-' -> Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
            case ',', ':' -> Character.isDigit(before) && Character.isDigit(after);
            case '\'', '\u2019' -> Character.isLetter(before) && Character.isLetter(after);
            case '%' -> Character.isDigit(before);
            default -> false;
        };
    }

    /**
     * The same tokens, in the same order (so the same ids), split by {@code splitting}. A model keeps its
     * meaning under the new rule only for texts that encode alike under both: check them with {@link #encodesAlike}.
     */
    public Tokenizer withSplitting(Splitting splitting) {
        return splitting == this.splitting ? this : new Tokenizer(tokens, splitting);
    }

    /** Whether {@code text} encodes to exactly the same ids under this vocabulary and {@code other}. */
    public boolean encodesAlike(Tokenizer other, String text) {
        return Arrays.equals(encode(text), other.encode(text));
    }

    /** The tokens of {@code text} under this vocabulary's splitting (what {@link #encode} looks up). */
    public List<String> split(String text) {
        return splitting.split(text);
    }

    public int[] encode(String text) {
        return split(text).stream().mapToInt(w -> ids.getOrDefault(w, UNK_ID)).toArray();
    }

    /**
     * Decodes ids to text; padding is dropped, masks and unknowns are shown as their special tokens.
     * WHITESPACE joins tokens with spaces; PUNCTUATION writes {@code , . ; : ) ! ? %} against the
     * token before and the token after {@code (} against it, so {@code pain , worse ( 3 days ) .}
     * reads {@code pain, worse (3 days).}; other punctuation keeps its spaces, and so does a colon
     * that would turn the word before it into a section header.
     */
    public String decode(int[] ids) {
        List<String> words = Arrays.stream(ids).filter(i -> i != PAD_ID).mapToObj(this::token).toList();
        if (splitting == Splitting.WHITESPACE) {
            return String.join(" ", words);
        }
        StringBuilder out = new StringBuilder();
        String previous = null;
        for (String w : words) {
            // a colon after a header's word keeps its space: "plan :" glued would read as the PLAN header
            boolean attaches = CLOSING.contains(w) && !(w.equals(":") && HEADER_TOKENS.contains(previous + ":"));
            if (previous != null && !attaches && !OPENING.contains(previous)) {
                out.append(' ');
            }
            out.append(w);
            previous = w;
        }
        return out.toString();
    }

    public Splitting splitting() {
        return splitting;
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
        if (splitting != Splitting.WHITESPACE) {
            // Left out for WHITESPACE, so such a vocabulary saves byte for byte as before the field.
            root.put("splitting", splitting.id());
        }
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
        JsonNode splitting = root.get("splitting");
        try {
            return new Tokenizer(vocab, splitting == null ? Splitting.WHITESPACE : Splitting.of(splitting.asText()));
        } catch (IllegalArgumentException e) {
            throw new IOException("vocabulary " + file + ": " + e.getMessage(), e);
        }
    }
}
