package ai.medscribe.draft;

import ai.medscribe.dialog.MtsDialog;
import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.dialog.SyntheticDialogue;
import ai.medscribe.dialog.SyntheticDialogues;
import ai.medscribe.text.SubwordTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnSelectorTest {

    static final Path DATA = Path.of("..", "data", "mts-dialog");
    /** The shipped drafting vocabulary: windows are counted in its tokens. */
    static final Path VOCABULARY = Path.of("..", "models", "drafting", "diffusion", "tokenizer.json");
    static final int REGION = 320;

    static SubwordTokenizer tokenizer;

    @BeforeAll
    static void vocabulary() throws Exception {
        tokenizer = SubwordTokenizer.load(VOCABULARY);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void theShippedCuesAreTheOnesLearnedFromTheTrainingSet() throws Exception {
        var pairs = MtsDialog.read(DATA.resolve("MTS-Dialog-TrainingSet.csv"));
        var learned = TurnSelector.learn(pairs, TurnSelector.source("MTS-Dialog-TrainingSet.csv", pairs.size())).cues();
        assertEquals(learned, TurnSelector.standard().cues(),
                "regenerate with: java -jar training-job/target/quarkus-app/quarkus-run.jar draft-cues");
        assertTrue(TurnSelector.standard().cueWords(MtsHeader.ALLERGY, 5).contains("allergies"));
    }

    @Test
    void aTranscriptThatFitsIsTakenWhole() {
        String transcript = "Doctor: What brings you in?\nPatient: A cough for a week.";
        var w = select(transcript, MtsHeader.GENHX);
        assertEquals(new TurnSelector.Window(0, 2, 2, transcript, tokenizer.encode(transcript).length, false), w);
        assertFalse(w.selected());
    }

    @Test
    void theWindowGoesWhereTheSectionIsTalkedAbout() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("Doctor: How was the drive over here today, any trouble with the weather on the road?");
            lines.add("Patient: It was fine, a little slow near the bridge but nothing to complain about.");
        }
        lines.add("Doctor: Do you have any allergies to medications, like penicillin or sulfa drugs?");
        lines.add("Patient: Yes, I am allergic to penicillin, I get hives.");
        String transcript = String.join("\n", lines);
        var w = select(transcript, MtsHeader.ALLERGY);
        assertTrue(w.selected());
        assertEquals(82, w.turns());
        assertEquals(82, w.to(), w.toString());
        assertTrue(w.tokens() <= REGION && w.tokens() == tokenizer.encode(w.text()).length, w.toString());
        assertTrue(w.text().endsWith("Patient: Yes, I am allergic to penicillin, I get hives."));
        assertFalse(w.cut());
    }

    @Test
    void aSingleTurnOverTheRegionIsCutThere() {
        String turn = "Patient: " + IntStream.range(0, 40).mapToObj(i -> "the pain started three days ago in my right knee,")
                .collect(Collectors.joining(" "));
        var w = select("Doctor: Okay.\n" + turn, MtsHeader.GENHX);
        assertTrue(w.cut(), w.from() + " " + w.to() + " " + w.text().length());
        assertEquals(1, w.from());
        assertTrue(w.tokens() > REGION);
        assertTrue(tokenizer.encode(w.text()).length <= REGION);
    }

    /**
     * Whole synthetic conversations (about 500 tokens, over the 320-token region): the window holds
     * more of each section's own turns than the first 320 tokens do, PLAN and ASSESSMENT most.
     */
    @Test
    void onWholeSyntheticConversationsTheWindowHoldsTheSectionsTurns() {
        TurnSelector selector = TurnSelector.standard();
        Map<MtsHeader, double[]> coverage = new EnumMap<>(MtsHeader.class);
        List<SyntheticDialogue> dialogues = SyntheticDialogues.generate(60, 77);
        int over = 0;
        for (SyntheticDialogue d : dialogues) {
            over += tokenizer.encode(d.dialogue()).length > REGION ? 1 : 0;
            var transcript = TurnSelector.Transcript.of(d.dialogue(), tokenizer);
            TurnSelector.Window cut = firstTurns(transcript);
            for (MtsHeader h : SyntheticDialogue.HEADERS) {
                var span = d.spans().get(h);
                var w = selector.select(transcript, h, tokenizer, REGION);
                double[] c = coverage.computeIfAbsent(h, k -> new double[2]);
                c[0] += coverage(w, span.from(), span.to()) / dialogues.size();
                c[1] += coverage(cut, span.from(), span.to()) / dialogues.size();
            }
        }
        StringBuilder report = new StringBuilder(over + " of " + dialogues.size() + " over the region; selected / first turns:");
        coverage.forEach((h, c) -> report.append(String.format(" %s %.3f / %.3f", h.csvName(), c[0], c[1])));
        System.out.println(report);
        assertTrue(over > dialogues.size() / 2, report.toString());
        double selected = coverage.values().stream().mapToDouble(c -> c[0]).average().orElseThrow();
        double first = coverage.values().stream().mapToDouble(c -> c[1]).average().orElseThrow();
        assertTrue(selected > first, report.toString());
        assertTrue(coverage.get(MtsHeader.PLAN)[0] > coverage.get(MtsHeader.PLAN)[1], report.toString());
    }

    /** The turns of the first {@link #REGION} tokens: what cutting the transcript there keeps. */
    private static TurnSelector.Window firstTurns(TurnSelector.Transcript transcript) {
        int[] tokens = transcript.lineTokens();
        int used = 0;
        int to = 0;
        while (to < tokens.length && used + tokens[to] <= REGION) {
            used += tokens[to];
            to++;
        }
        return new TurnSelector.Window(0, to, tokens.length, "", used, false);
    }

    private static TurnSelector.Window select(String transcript, MtsHeader header) {
        return TurnSelector.standard().select(TurnSelector.Transcript.of(transcript, tokenizer), header, tokenizer, REGION);
    }

    /** Share of the turns {@code [wantedFrom, wantedTo)} inside the window. */
    private static double coverage(TurnSelector.Window window, int wantedFrom, int wantedTo) {
        int inside = Math.max(0, Math.min(window.to(), wantedTo) - Math.max(window.from(), wantedFrom));
        return wantedTo > wantedFrom ? inside / (double) (wantedTo - wantedFrom) : 1.0;
    }
}
