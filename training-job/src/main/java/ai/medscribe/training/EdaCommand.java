package ai.medscribe.training;

import ai.medscribe.corpus.CorpusStats;
import ai.medscribe.corpus.EdaReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eda}: corpus statistics as eda.json and PNG charts. */
@Command(name = "eda", mixinStandardHelpOptions = true,
        description = "Computes corpus statistics (lengths, sections, top words, section ordering) and writes eda.json and PNG charts.")
public class EdaCommand implements Callable<Integer> {

    @Option(names = "--corpus", defaultValue = "work/data", description = "Corpus folder written by 'data' (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(names = "--out", defaultValue = "work/eda", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        return write(corpus, out);
    }

    /** Writes the statistics of {@code corpus} into {@code out} and prints the headline; 1 when it cannot. */
    static int write(Path corpus, Path out) {
        long start = System.nanoTime();
        try {
            CorpusStats stats = EdaReport.write(corpus, out);
            System.out.printf(Locale.ROOT, "eda: %d notes, mean length %.1f tokens (min %d, max %d), correct SOAP order %.1f%%%n",
                    stats.notes(), stats.noteLength().mean(), stats.noteLength().min(), stats.noteLength().max(),
                    stats.ordering().correctOrderPct());
            System.out.printf(Locale.ROOT, "eda: %s and %d charts written to %s (%.1f s)%n", EdaReport.JSON_FILE,
                    EdaReport.CHARTS.size(), out.toAbsolutePath(), (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("eda: " + e.getMessage());
            return 1;
        }
    }
}
