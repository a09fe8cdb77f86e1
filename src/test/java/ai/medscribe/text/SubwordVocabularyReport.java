package ai.medscribe.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The measurement behind the choice of SubwordTokenizer's vocabulary size on MTS-Dialog
 * ({@code ../data/mts-dialog}): trains on the augmented training set's dialogues and section texts only,
 * then prints training time, tokens per whitespace word, token-length percentiles of the validation set
 * and test set 2, and counts [UNK] and round-trip failures over every text of the five CSVs.
 * Not part of the ordinary suite (it trains three vocabularies):
 * {@code mvn -B -q -pl src test -Dtest=SubwordVocabularyReport -Dmedscribe.tokenizer.report=true}
 * (optionally {@code -Dmedscribe.tokenizer.sizes=2048,4096,8192}).
 */
@EnabledIfSystemProperty(named = "medscribe.tokenizer.report", matches = "true")
class SubwordVocabularyReport {

    static final Path DATA = Path.of("../data/mts-dialog");
    static final String TRAIN = "MTS-Dialog-Augmented-TrainingSet-3-FR-and-ES-3603-Pairs-final.csv";
    static final String VALID = "MTS-Dialog-ValidationSet.csv";
    static final String TEST2 = "MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv";
    static final List<String> ALL = List.of(TRAIN, "MTS-Dialog-TrainingSet.csv", VALID,
            "MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv", TEST2);
    static final List<String> HEADERS = List.of("GENHX", "ROS", "EXAM", "ASSESSMENT", "DIAGNOSIS", "PLAN",
            "DISPOSITION", "CC", "PASTMEDICALHX", "PASTSURGICAL", "FAM/SOCHX", "MEDICATIONS", "ALLERGY",
            "IMMUNIZATIONS", "GYNHX", "EDCOURSE", "IMAGING", "LABS", "PROCEDURES", "OTHER_HISTORY");
    static final List<String> WHOLE = List.of("Doctor:", "Patient:", "Guest_family:", "Guest_clinician:");

    @Test
    void report() throws IOException {
        List<String> special = HEADERS.stream().map(h -> "[" + h + "]").toList();
        List<String[]> train = rows(TRAIN);
        List<String> corpus = new ArrayList<>();
        for (String[] r : train) {
            corpus.add(r[3]);
            corpus.add(r[2]);
        }
        long bytes = corpus.stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf(Locale.ROOT, "training corpus: %d texts, %.2f MB%n", corpus.size(), bytes / 1e6);
        String sizes = System.getProperty("medscribe.tokenizer.sizes", "2048,4096,8192");
        for (String size : sizes.split(",")) {
            int vocabSize = Integer.parseInt(size.trim());
            long t0 = System.nanoTime();
            try (SubwordTokenizer tok = SubwordTokenizer.train(corpus, vocabSize, special, WHOLE)) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                tok.save(Path.of("target/subword-" + vocabSize, SubwordTokenizer.FILE_NAME));
                System.out.printf(Locale.ROOT, "%n== vocab %d (built %d): trained in %.1f s%n",
                        vocabSize, tok.vocabSize(), seconds);
                System.out.printf(Locale.ROOT, "tokens per whitespace word: train dialogues %.3f sections %.3f |"
                                + " valid dialogues %.3f sections %.3f | test2 dialogues %.3f sections %.3f%n",
                        perWord(tok, train, 3), perWord(tok, train, 2),
                        perWord(tok, rows(VALID), 3), perWord(tok, rows(VALID), 2),
                        perWord(tok, rows(TEST2), 3), perWord(tok, rows(TEST2), 2));
                for (String file : List.of(VALID, TEST2)) {
                    List<String[]> rows = rows(file);
                    System.out.println(file + "  dialogues " + lengths(tok, rows, 3));
                    System.out.println(file + "  sections  " + lengths(tok, rows, 2));
                }
                long unk = 0;
                long failures = 0;
                long texts = 0;
                long t1 = System.nanoTime();
                for (String file : ALL) {
                    for (String[] r : rows(file)) {
                        for (String text : List.of(r[2], r[3])) {
                            int[] ids = tok.encode(text);
                            unk += Arrays.stream(ids).filter(i -> i == Tokenizer.UNK_ID).count();
                            String back = tok.decode(ids);
                            if (!back.equals(SubwordTokenizer.normalize(text))) {
                                failures++;
                                if (failures <= 3) {
                                    System.out.println("round trip failure in " + file + " row " + r[0]);
                                }
                            }
                            texts++;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "all five CSVs: %d texts, [UNK] %d, round-trip failures %d"
                        + " (encode+decode %.1f s)%n", texts, unk, failures, (System.nanoTime() - t1) / 1e9);
                assertEquals(0, unk);
                assertEquals(0, failures);
            }
        }
    }

    static double perWord(SubwordTokenizer tok, List<String[]> rows, int column) {
        long tokens = 0;
        long words = 0;
        for (String[] r : rows) {
            String text = SubwordTokenizer.normalize(r[column]);
            tokens += tok.encode(text).length;
            words += text.isEmpty() ? 0 : text.split("\\s+").length;
        }
        return (double) tokens / words;
    }

    static String lengths(SubwordTokenizer tok, List<String[]> rows, int column) {
        int[] n = rows.stream().mapToInt(r -> tok.encode(r[column]).length).sorted().toArray();
        long over384 = Arrays.stream(n).filter(x -> x > 384).count();
        long over512 = Arrays.stream(n).filter(x -> x > 512).count();
        return String.format(Locale.ROOT, "n=%d median %d p90 %d p99 %d max %d  (>384: %d, >512: %d)",
                n.length, pct(n, 50), pct(n, 90), pct(n, 99), n[n.length - 1], over384, over512);
    }

    /** Nearest-rank percentile of a sorted array. */
    static int pct(int[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The records of an MTS-Dialog CSV (RFC 4180: quoted fields, doubled quotes, newlines in quotes), header dropped. */
    static List<String[]> rows(String file) throws IOException {
        String s = Files.readString(DATA.resolve(file), StandardCharsets.UTF_8);
        List<String[]> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                out.add(fields.toArray(String[]::new));
                fields.clear();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            out.add(fields.toArray(String[]::new));
        }
        List<String[]> records = out.subList(1, out.size());
        for (String[] r : records) {
            if (r.length != 4) {
                throw new IOException(file + ": a record of " + r.length + " fields: " + String.join("|", r));
            }
        }
        return records;
    }
}
