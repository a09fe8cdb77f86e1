package ai.medscribe.train;

import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    static final List<String> NOTES = TinyNotes.generate(320, 7);
    static final Tokenizer TOKENIZER = Tokenizer.build(NOTES, 2000);

    static TrainingOptions fast(int epochs) {
        return new TrainingOptions(epochs, 32, 3e-3, 1e-4, 10, 11L, true, false);
    }

    static int[][] ids(List<String> texts) {
        return Trainer.encode(TOKENIZER, texts, 64);
    }

    @Test
    void tinyDiffusionValidationLossFallsWellBelowItsStart(@TempDir Path dir) throws Exception {
        ModelConfig config = ModelConfig.preset("tiny", ModelKind.DIFFUSION, TOKENIZER.vocabSize());
        try (Trainer trainer = new Trainer(config, fast(20), dir)) {
            int[][] val = ids(NOTES.subList(256, 320));
            List<EpochRecord> history = trainer.train(ids(NOTES.subList(0, 256)), val, TrainingListener.NONE);
            double first = history.get(0).valLoss();
            double last = history.get(history.size() - 1).valLoss();
            System.out.printf("tiny diffusion val loss %.3f -> %.3f%n", first, last);
            assertEquals(20, history.size());
            assertTrue(last < 0.6 * first, "validation loss " + first + " -> " + last);
            assertTrue(trainer.perplexity(val, 2) < Math.exp(first), "ELBO perplexity below the first epoch's");
        }
    }

    @Test
    void tinyAutoregressiveLearnsNextTokens(@TempDir Path dir) throws Exception {
        ModelConfig config = ModelConfig.preset("tiny", ModelKind.AUTOREGRESSIVE, TOKENIZER.vocabSize());
        try (Trainer trainer = new Trainer(config, fast(10), dir)) {
            int[][] val = ids(NOTES.subList(256, 320));
            List<EpochRecord> history = trainer.train(ids(NOTES.subList(0, 256)), val, TrainingListener.NONE);
            double ppl = trainer.perplexity(val, 1);
            System.out.printf("tiny AR val loss %.3f -> %.3f, perplexity %.2f%n", history.get(0).valLoss(),
                    history.get(9).valLoss(), ppl);
            assertTrue(history.get(9).valLoss() < 0.6 * history.get(0).valLoss());
            assertTrue(ppl < 5, "perplexity " + ppl);
        }
    }

    @Test
    void resumedRunMatchesUninterruptedRun(@TempDir Path dir) throws Exception {
        ModelConfig config = ModelConfig.preset("tiny", ModelKind.DIFFUSION, TOKENIZER.vocabSize());
        int[][] train = ids(NOTES.subList(0, 128));
        int[][] val = ids(NOTES.subList(256, 288));
        List<EpochRecord> straight;
        try (Trainer trainer = new Trainer(config, fast(2), dir.resolve("a"))) {
            straight = trainer.train(train, val, TrainingListener.NONE);
        }
        TrainingListener interruptAfterFirstEpoch = new TrainingListener() {
            @Override
            public void epochFinished(EpochRecord record) {
                throw new IllegalStateException("interrupted");
            }
        };
        try (Trainer first = new Trainer(config, fast(2), dir.resolve("b"))) {
            assertThrows(IllegalStateException.class, () -> first.train(train, val, interruptAfterFirstEpoch));
            assertEquals(1, first.state().epoch());
        }
        List<EpochRecord> resumed;
        try (Trainer second = new Trainer(config, fast(2).withResume(true), dir.resolve("b"))) {
            resumed = second.train(train, val, TrainingListener.NONE);
            assertEquals(2, second.state().epoch());
        }
        assertEquals(2, resumed.size());
        assertEquals(straight.get(1).step(), resumed.get(1).step());
        assertEquals(straight.get(1).valLoss(), resumed.get(1).valLoss(), 1e-3);
        assertEquals(straight.get(1).trainLoss(), resumed.get(1).trainLoss(), 1e-3);
    }

    @Test
    void scheduleWarmsUpThenDecaysToFloor() {
        var s = new LearningRateSchedule(3e-4, 1e-5, 10, 110);
        assertEquals(3e-5, s.rate(0), 1e-12);
        assertEquals(3e-4, s.rate(9), 1e-12);
        assertTrue(s.rate(60) < 3e-4 && s.rate(60) > 1e-5);
        assertEquals(1e-5, s.rate(110), 1e-12);
    }
}
