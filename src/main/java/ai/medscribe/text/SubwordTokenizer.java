package ai.medscribe.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A byte-level BPE vocabulary (GPT-2 style) learned here in Java and applied through Hugging Face
 * {@code tokenizers} (the Rust library, by DJL's {@code ai.djl.huggingface:tokenizers}, whose jar
 * carries the native library; nothing is downloaded). Saved as a standard Hugging Face
 * {@code tokenizer.json} that Python's {@code tokenizers.Tokenizer.from_file} also reads.
 *
 * <h2>Ids</h2>
 * {@code [PAD]}=0, {@code [MASK]}=1, {@code [UNK]}=2 exactly as {@link Tokenizer} ({@code [UNK]} is kept
 * for id compatibility and never produced: the 256 bytes are all in the vocabulary); then the caller's
 * special tokens in the order given (control tokens such as {@code [GENHX]}: {@code special=true},
 * skipped by {@link #decode}); then the caller's whole tokens ({@code Doctor:}, {@code Patient:}:
 * {@code special=false}, kept by {@link #decode}); then the 256 byte symbols in GPT-2's byte-to-unicode
 * order; then one id per merge. Special and whole tokens are matched wherever they occur in the raw
 * text (leftmost, longest first), before pre-tokenisation, and are one id each; a text that literally
 * contains {@code [PAD]} or a control token is therefore encoded to that control id (and decode drops it).
 *
 * <h2>Normalisation</h2>
 * {@link #normalize} is applied before encoding, and {@code decode(encode(x))} equals {@code normalize(x)}
 * byte for byte:
 * <ol>
 *   <li>Unicode NFC;</li>
 *   <li>{@code \r\n} and {@code \r} become {@code \n};</li>
 *   <li>a run of whitespace that contains a {@code \n} becomes a single {@code \n};</li>
 *   <li>any other run of whitespace becomes a single space. Whitespace is any character for which
 *       {@link Character#isWhitespace} or {@link Character#isSpaceChar} holds, plus U+0085: spaces, tabs,
 *       form feed, vertical tab, no-break spaces (U+00A0, U+2007, U+202F), the other Unicode spaces and
 *       U+2028/U+2029 (which count as spaces, not newlines); zero-width characters (U+200B) are not
 *       whitespace and are kept;</li>
 *   <li>leading and trailing whitespace is removed;</li>
 *   <li>an unpaired surrogate (not valid Unicode, not encodable as UTF-8) becomes U+FFFD.</li>
 * </ol>
 * Case is kept. The tokenizer.json declares the NFC normalizer only (idempotent after the above).
 *
 * <h2>Training</h2>
 * Classic byte-level BPE: each text is normalised, split around the special and whole tokens, pre-tokenised
 * by the GPT-2 regex ({@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+},
 * the ByteLevel pre-tokenizer's), each piece's UTF-8 bytes mapped to GPT-2's printable characters, the
 * pieces counted, then the most frequent adjacent pair is merged repeatedly (incremental pair counts, an
 * index from pair to words) until the vocabulary has {@code vocabSize} entries or no pair occurs twice.
 * Ties go to the pair whose left symbol, then right symbol, is smallest as a string, so training is
 * deterministic. A merge whose result equals a special or whole token is never made; a merge whose result
 * is already in the vocabulary (from another pair) reuses its id, as Hugging Face's trainer does.
 *
 * <p>Creating the native tokenizer sets the system property {@code OPT_OUT_TRACKING=true} unless it is
 * set already (in the environment or as a property), so that DJL does not try its usage telemetry call.
 */
public final class SubwordTokenizer implements AutoCloseable {

    public static final String FILE_NAME = "tokenizer.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The ByteLevel pre-tokenizer's regex (GPT-2's). */
    static final Pattern PRE_TOKENIZER = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** GPT-2's byte-to-unicode map: byte value to the printable character that stands for it. */
    static final char[] BYTE_TO_CHAR = new char[256];
    private static final Map<Character, Integer> CHAR_TO_BYTE = new HashMap<>();
    /** The 256 byte symbols in the order they take in the vocabulary (GPT-2's: by character). */
    static final List<String> BYTE_SYMBOLS;

    static {
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = printable ? (char) b : (char) (256 + n++);
        }
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE.put(BYTE_TO_CHAR[b], b);
        }
        List<String> symbols = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            symbols.add(String.valueOf(BYTE_TO_CHAR[b]));
        }
        symbols.sort(Comparator.naturalOrder());
        BYTE_SYMBOLS = List.copyOf(symbols);
    }

    private final ObjectNode json;
    private final String[] tokens;
    private final Map<String, Integer> addedIds;
    private final List<String> specialTokens;
    private final List<String> wholeTokens;
    private final HuggingFaceTokenizer native_;

    private SubwordTokenizer(ObjectNode json) throws IOException {
        this.json = json;
        JsonNode model = json.path("model");
        if (!"BPE".equals(model.path("type").asText())) {
            throw new IOException("tokenizer.json: model.type is not BPE");
        }
        JsonNode vocab = model.path("vocab");
        tokens = new String[vocab.size()];
        vocab.fields().forEachRemaining(e -> {
            int id = e.getValue().asInt(-1);
            if (id < 0 || id >= tokens.length || tokens[id] != null) {
                throw new IllegalArgumentException("tokenizer.json: vocabulary ids are not 0.." + (tokens.length - 1));
            }
            tokens[id] = e.getKey();
        });
        addedIds = new LinkedHashMap<>();
        List<String> specials = new ArrayList<>();
        List<String> wholes = new ArrayList<>();
        for (JsonNode t : json.path("added_tokens")) {
            int id = t.path("id").asInt();
            String content = t.path("content").asText();
            if (id >= tokens.length || !content.equals(tokens[id])) {
                throw new IOException("tokenizer.json: added token " + content + " is not in the vocabulary at " + id);
            }
            addedIds.put(content, id);
            if (id > Tokenizer.UNK_ID) {
                (t.path("special").asBoolean() ? specials : wholes).add(content);
            }
        }
        if (addedIds.getOrDefault(Tokenizer.PAD, -1) != Tokenizer.PAD_ID
                || addedIds.getOrDefault(Tokenizer.MASK, -1) != Tokenizer.MASK_ID
                || addedIds.getOrDefault(Tokenizer.UNK, -1) != Tokenizer.UNK_ID) {
            throw new IOException("tokenizer.json: [PAD], [MASK], [UNK] are not ids 0, 1, 2");
        }
        specialTokens = List.copyOf(specials);
        wholeTokens = List.copyOf(wholes);
        native_ = openNative(JSON.writeValueAsBytes(json));
    }

    private static HuggingFaceTokenizer openNative(byte[] tokenizerJson) throws IOException {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        Map<String, String> options = Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false");
        return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
    }

    // ---------------------------------------------------------------- normalisation

    /** The normalisation documented on the class. */
    public static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isWhitespace(c)) {
                boolean newline = false;
                while (i < n && isWhitespace(s.charAt(i))) {
                    char w = s.charAt(i);
                    newline |= w == '\n' || w == '\r';
                    i++;
                }
                if (out.length() > 0 && i < n) {
                    out.append(newline ? '\n' : ' ');
                }
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            i++;
        }
        return out.toString();
    }

    private static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    // ---------------------------------------------------------------- encode / decode

    /** The ids of {@code normalize(text)}; no special tokens are added. */
    public int[] encode(String text) {
        long[] ids = native_.encode(normalize(text), false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** The text of {@code ids}, without [PAD], [MASK], [UNK] and the special tokens. */
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= tokens.length) {
                throw new IllegalArgumentException("id " + ids[i] + " outside the vocabulary of " + tokens.length);
            }
            longs[i] = ids[i];
        }
        return native_.decode(longs, true);
    }

    /** The vocabulary entry of {@code id} (byte-level characters for the BPE symbols). */
    public String token(int id) {
        return tokens[id];
    }

    /** The id of a special or whole token ([PAD], [MASK], [UNK] included); -1 if it is not one. */
    public int id(String token) {
        return addedIds.getOrDefault(token, -1);
    }

    public int vocabSize() {
        return tokens.length;
    }

    /** The caller's special tokens, in id order ([PAD], [MASK], [UNK] not included). */
    public List<String> specialTokens() {
        return specialTokens;
    }

    /** The caller's whole tokens, in id order. */
    public List<String> wholeTokens() {
        return wholeTokens;
    }

    // ---------------------------------------------------------------- files

    /** Writes the standard Hugging Face tokenizer.json. */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, JSON.writeValueAsBytes(json));
    }

    public static SubwordTokenizer load(Path file) throws IOException {
        JsonNode node = JSON.readTree(file.toFile());
        if (!(node instanceof ObjectNode obj)) {
            throw new IOException(file + " is not a JSON object");
        }
        return new SubwordTokenizer(obj);
    }

    @Override
    public void close() {
        native_.close();
    }

    // ---------------------------------------------------------------- training

    /**
     * Learns a vocabulary of {@code vocabSize} ids (fewer if no pair occurs twice first) from {@code texts}.
     *
     * @param specialTokens control tokens, special (skipped by decode), ids from 3 in this order
     * @param wholeTokens   tokens matched whole in the raw text and kept by decode, after the special ones
     */
    public static SubwordTokenizer train(Collection<String> texts, int vocabSize, List<String> specialTokens,
                                         List<String> wholeTokens) {
        List<String> added = new ArrayList<>(List.of(Tokenizer.PAD, Tokenizer.MASK, Tokenizer.UNK));
        added.addAll(specialTokens);
        added.addAll(wholeTokens);
        Set<String> seen = new HashSet<>();
        for (String t : added) {
            if (!seen.add(t)) {
                throw new IllegalArgumentException("token given twice: " + t);
            }
            if (t.isEmpty() || !normalize(t).equals(t)) {
                throw new IllegalArgumentException("token is empty or changed by normalize: '" + t + "'");
            }
        }
        for (String t : wholeTokens) {
            if (!decodesToItself(t)) {
                throw new IllegalArgumentException("whole token '" + t + "' is made only of GPT-2 byte characters "
                        + "but is not ASCII: the ByteLevel decoder would turn it into other bytes");
            }
        }
        int base = added.size() + 256;
        if (vocabSize < base) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + " is below the " + base + " base ids");
        }
        List<String> vocab = new ArrayList<>(added);
        vocab.addAll(BYTE_SYMBOLS);
        List<String[]> merges = new Bpe(countWords(texts, added), vocab, new HashSet<>(added)).learn(vocabSize);
        return build(vocab, merges, added.size(), specialTokens.size() + 3);
    }

    /** Whether the ByteLevel decoder gives back {@code t}'s own UTF-8 bytes for it. */
    private static boolean decodesToItself(String t) {
        boolean allMapped = t.chars().allMatch(c -> CHAR_TO_BYTE.containsKey((char) c));
        return !allMapped || t.chars().allMatch(c -> c < 128);
    }

    /** The byte-level pieces of the texts and their counts, in first-seen order. */
    static Map<String, Integer> countWords(Collection<String> texts, List<String> added) {
        Pattern split = Pattern.compile(added.stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(Pattern::quote).collect(Collectors.joining("|")));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String text : texts) {
            String s = normalize(text);
            Matcher m = split.matcher(s);
            int from = 0;
            while (m.find()) {
                countPieces(s.substring(from, m.start()), counts);
                from = m.end();
            }
            countPieces(s.substring(from), counts);
        }
        return counts;
    }

    private static void countPieces(String s, Map<String, Integer> counts) {
        Matcher m = PRE_TOKENIZER.matcher(s);
        while (m.find()) {
            counts.merge(byteLevel(m.group()), 1, Integer::sum);
        }
    }

    /** {@code s}'s UTF-8 bytes as GPT-2's byte characters. */
    static String byteLevel(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    private static SubwordTokenizer build(List<String> vocab, List<String[]> merges, int addedCount, int specialEnd) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode addedTokens = root.putArray("added_tokens");
        for (int id = 0; id < addedCount; id++) {
            ObjectNode t = addedTokens.addObject();
            t.put("id", id);
            t.put("content", vocab.get(id));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", id < specialEnd);
        }
        root.putObject("normalizer").put("type", "NFC");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", true);
        pre.put("use_regex", true);
        root.putNull("post_processor");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel");
        dec.put("add_prefix_space", false);
        dec.put("trim_offsets", true);
        dec.put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode v = model.putObject("vocab");
        for (int id = 0; id < vocab.size(); id++) {
            v.put(vocab.get(id), id);
        }
        ArrayNode m = model.putArray("merges");
        for (String[] pair : merges) {
            m.add(pair[0] + " " + pair[1]);
        }
        try {
            return new SubwordTokenizer(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The merge loop: words as symbol-id arrays, pair counts kept up to date, an index from pair to words. */
    private static final class Bpe {
        private final int[][] words;
        private final int[] freq;
        private final List<String> symbols;
        private final Map<String, Integer> symbolIds = new HashMap<>();
        private final Set<String> reserved;
        private final Map<Long, Integer> pairCounts = new HashMap<>();
        private final Map<Long, Set<Integer>> where = new HashMap<>();
        private final PriorityQueue<long[]> queue;

        Bpe(Map<String, Integer> counts, List<String> vocab, Set<String> reserved) {
            this.symbols = vocab;
            this.reserved = reserved;
            for (int i = 0; i < vocab.size(); i++) {
                symbolIds.put(vocab.get(i), i);
            }
            words = new int[counts.size()][];
            freq = new int[counts.size()];
            int w = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                String word = e.getKey();
                int[] ids = new int[word.length()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = symbolIds.get(String.valueOf(word.charAt(i)));
                }
                words[w] = ids;
                freq[w] = e.getValue();
                w++;
            }
            // entries {pair, count}: the largest count first, then the smallest left symbol, then right symbol
            queue = new PriorityQueue<>((a, b) -> {
                if (a[1] != b[1]) {
                    return Long.compare(b[1], a[1]);
                }
                int c = symbols.get(left(a[0])).compareTo(symbols.get(left(b[0])));
                return c != 0 ? c : symbols.get(right(a[0])).compareTo(symbols.get(right(b[0])));
            });
            for (w = 0; w < words.length; w++) {
                int[] s = words[w];
                for (int i = 0; i + 1 < s.length; i++) {
                    long p = pair(s[i], s[i + 1]);
                    pairCounts.merge(p, freq[w], Integer::sum);
                    where.computeIfAbsent(p, k -> new HashSet<>()).add(w);
                }
            }
            pairCounts.forEach((p, c) -> queue.add(new long[] {p, c}));
        }

        static long pair(int a, int b) {
            return ((long) a << 32) | (b & 0xFFFFFFFFL);
        }

        static int left(long p) {
            return (int) (p >>> 32);
        }

        static int right(long p) {
            return (int) p;
        }

        List<String[]> learn(int vocabSize) {
            List<String[]> merges = new ArrayList<>();
            while (symbols.size() < vocabSize && !queue.isEmpty()) {
                long[] top = queue.poll();
                long p = top[0];
                Integer current = pairCounts.get(p);
                if (current == null || current != top[1]) {
                    continue; // stale entry: the pair's present count was queued when it changed
                }
                if (current < 2) {
                    break;
                }
                String a = symbols.get(left(p));
                String b = symbols.get(right(p));
                String merged = a + b;
                if (reserved.contains(merged)) {
                    pairCounts.remove(p);
                    continue;
                }
                Integer id = symbolIds.get(merged);
                if (id == null) {
                    id = symbols.size();
                    symbols.add(merged);
                    symbolIds.put(merged, id);
                }
                merges.add(new String[] {a, b});
                apply(p, id);
            }
            return merges;
        }

        private void apply(long p, int newId) {
            int a = left(p);
            int b = right(p);
            Map<Long, Integer> delta = new TreeMap<>();
            for (int w : where.remove(p)) {
                int[] s = words[w];
                boolean has = false;
                for (int i = 0; i + 1 < s.length && !has; i++) {
                    has = s[i] == a && s[i + 1] == b;
                }
                if (!has) {
                    continue;
                }
                int f = freq[w];
                for (int i = 0; i + 1 < s.length; i++) {
                    delta.merge(pair(s[i], s[i + 1]), -f, Integer::sum);
                }
                int[] t = new int[s.length];
                int n = 0;
                for (int i = 0; i < s.length; i++) {
                    if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                        t[n++] = newId;
                        i++;
                    } else {
                        t[n++] = s[i];
                    }
                }
                int[] merged = java.util.Arrays.copyOf(t, n);
                words[w] = merged;
                for (int i = 0; i + 1 < n; i++) {
                    long q = pair(merged[i], merged[i + 1]);
                    delta.merge(q, f, Integer::sum);
                    if (merged[i] == newId || merged[i + 1] == newId) {
                        where.computeIfAbsent(q, k -> new HashSet<>()).add(w);
                    }
                }
            }
            pairCounts.remove(p);
            for (Map.Entry<Long, Integer> e : delta.entrySet()) {
                long q = e.getKey();
                if (q == p || e.getValue() == 0) {
                    continue;
                }
                Integer before = pairCounts.get(q);
                if (before == null && !pairCounts.containsKey(q) && e.getValue() < 0) {
                    continue; // a reserved (never merged) pair that was dropped
                }
                int now = (before == null ? 0 : before) + e.getValue();
                if (now <= 0) {
                    pairCounts.remove(q);
                } else {
                    pairCounts.put(q, now);
                    queue.add(new long[] {q, now});
                }
            }
        }
    }
}
