package ai.medscribe.training;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusMainTest
class TrainCommandTest {

    @Test
    @Launch(value = {"train", "--model", "transformer", "--corpus", "target", "--out", "target/out"}, exitCode = 2)
    void unknownModelExitsWithTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown model 'transformer'"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"train", "--model", "diffusion", "--corpus", "no-such-dir", "--out", "target/out"}, exitCode = 2)
    void missingCorpusExitsWithTwo(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("has no train.jsonl"), result.getErrorOutput());
    }
}
