package ai.medscribe.training;

import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusMainTest
class TrainCommandTest {

    @Test
    @Launch(value = {"train", "--model", "transformer", "--corpus", "target", "--out", "target/out"}, exitCode = 2)
    void unknownModelExitsWithTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains(
                "Invalid value for option '--model': unknown model 'transformer' (expected [diffusion, autoregressive])"),
                result.getErrorOutput());
    }

    @Test
    @Launch(value = {"train", "--model", "diffusion", "--preset", "Huge", "--corpus", "target", "--out", "target/out"}, exitCode = 2)
    void unknownPresetNamesTheOptionAndThePresets(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains(
                "Invalid value for option '--preset': unknown preset 'Huge' (expected [tiny, small, base])"),
                result.getErrorOutput());
    }

    @Test
    @Launch({"train", "--help"})
    void helpListsTheWordsOfEachEnumOption(LaunchResult result) {
        assertTrue(result.getOutput().contains("diffusion, autoregressive"), result.getOutput());
        assertTrue(result.getOutput().contains("tiny, small, base (default: small)"), result.getOutput());
    }

    @Test
    void presetsAreTheCoresPresets() {
        assertEquals(ModelConfig.PRESETS, Arrays.stream(Preset.values()).map(Preset::id).toList());
        assertEquals(ModelKind.AUTOREGRESSIVE, new OptionWords.Models().convert("AR"));
        assertEquals(ModelKind.DIFFUSION, new OptionWords.Models().convert("Diffusion"));
    }

    @Test
    @Launch(value = {"train", "--model", "diffusion", "--corpus", "no-such-dir", "--out", "target/out"}, exitCode = 2)
    void missingCorpusExitsWithTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("has no train.jsonl"), result.getErrorOutput());
    }
}
