package ai.medscribe.training;

import ai.medscribe.bundle.BundleExporter;
import ai.medscribe.bundle.BundleMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code reexport}: a bundle's SavedModel written again from its own weights with today's signatures. */
@Command(name = "reexport", mixinStandardHelpOptions = true,
        description = "Exports a bundle again from its own weights with today's signatures (an AR bundle from "
                + "before the key/value-cached step gains it); the weights, and so every note, stay the same.")
public class ReexportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "the bundle to read")
    Path from;

    @Option(names = "--out", required = true, description = "where the new bundle goes (must not exist)")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(from.resolve(BundleMetadata.FILE_NAME))) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is not a model bundle (no "
                    + BundleMetadata.FILE_NAME + ")");
        }
        if (Files.exists(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " exists; name a new directory");
        }
        BundleMetadata metadata = BundleExporter.reexport(from, out);
        System.out.printf("%s bundle re-exported to %s (sha256 %s)%n", metadata.modelType(), out, metadata.sha256());
        return 0;
    }
}
