package ai.medscribe.training;

import ai.medscribe.bundle.BundleExporter;
import ai.medscribe.bundle.BundleMetadata;
import ai.medscribe.bundle.SplittingCheck;
import ai.medscribe.corpus.CorpusFiles;
import ai.medscribe.text.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code reexport}: a bundle's SavedModel written again from its own weights with today's signatures. */
@Command(name = "reexport", mixinStandardHelpOptions = true,
        description = "Exports a bundle again from its own weights with today's signatures (an AR bundle from "
                + "before the key/value-cached step gains it; a diffusion bundle from before the fed-draw denoise step, "
                + "which today's code refuses to load, gains it); the weights stay the same. "
                + "--splitting relabels the vocabulary's rule when the corpus encodes alike under both.")
public class ReexportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "the bundle to read")
    Path from;

    @Option(names = "--out", required = true, description = "where the new bundle goes (must not exist)")
    Path out;

    @Option(names = "--splitting", converter = OptionWords.Splittings.class,
            completionCandidates = OptionWords.Splittings.class,
            description = "record this rule in the new vocab.json (${COMPLETION-CANDIDATES}), same tokens in the same "
                    + "order; needs --corpus, and refused (nothing written) unless every note of it encodes to the "
                    + "same ids under both rules")
    Tokenizer.Splitting splitting;

    @Option(names = "--corpus", description = "with --splitting: the directory with train.jsonl, val.jsonl, test.jsonl "
            + "the bundle was trained on")
    Path corpus;

    @Override
    public Integer call() throws IOException {
        if (splitting != null && corpus == null) {
            throw new ParameterException(spec.commandLine(), "--splitting needs --corpus: the notes that must encode "
                    + "to the same ids under both rules");
        }
        if (corpus != null && splitting == null) {
            throw new ParameterException(spec.commandLine(), "--corpus is only read with --splitting");
        }
        if (!Files.isRegularFile(from.resolve(BundleMetadata.FILE_NAME))) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is not a model bundle (no "
                    + BundleMetadata.FILE_NAME + ")");
        }
        if (Files.exists(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " exists; name a new directory");
        }
        if (corpus != null) {
            for (String file : List.of(CorpusFiles.TRAIN, CorpusFiles.VAL, CorpusFiles.TEST)) {
                if (!Files.isRegularFile(corpus.resolve(file))) {
                    throw new ParameterException(spec.commandLine(), "--corpus " + corpus + " has no " + file);
                }
            }
        }
        BundleMetadata metadata;
        try {
            metadata = BundleExporter.reexport(from, out, splitting, corpus);
        } catch (SplittingCheck.Refused e) {
            throw new ParameterException(spec.commandLine(), "--splitting " + splitting.id() + " refused: "
                    + e.getMessage() + "; nothing was written to " + out);
        }
        System.out.printf("%s bundle re-exported to %s%s (sha256 %s)%n", metadata.modelType().id(), out,
                splitting == null ? "" : ", its vocabulary splitting by " + splitting.id(), metadata.sha256());
        return 0;
    }
}
