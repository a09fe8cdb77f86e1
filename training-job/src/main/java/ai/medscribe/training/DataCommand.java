package ai.medscribe.training;

import ai.medscribe.corpus.CorpusBuild;
import ai.medscribe.corpus.NoteFilter;
import ai.medscribe.corpus.SyntheticCorpus;
import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.dialog.PairFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code data}: builds the corpus (synthetic or the user's notes), filters it and writes a seeded train/val/test split. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Generates (or reads) clinical notes, filters them and writes train/val/test JSONL and filter.json; "
                + "given an MTS-Dialog CSV (--input), writes its conversation/section pairs as pairs.jsonl.")
public class DataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CorpusSourceOptions source;

    @Mixin
    SeedOption seed;

    @Option(names = "--defect-fraction", description = "Share of synthetic notes missing a section or with two sections swapped (default: 0.1 coherent, 0 seed).")
    Double defectFraction;

    @Option(names = "--min-tokens", defaultValue = "50", description = "Filter: least tokens per note (default: ${DEFAULT-VALUE}).")
    int minTokens;

    @Option(names = "--max-tokens", defaultValue = "128", description = "Filter: most tokens per note (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--min-sections", defaultValue = "3", description = "Filter: least distinct SOAP sections (default: ${DEFAULT-VALUE}).")
    int minSections;

    @Option(names = "--out", defaultValue = "work/data", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        if (source.input != null && isPairsCsv(source.input)) {
            return pairs(source.input, out);
        }
        NoteFilter.Limits limits;
        try {
            limits = new NoteFilter.Limits(minTokens, maxTokens, minSections);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return build(options(spec, source, seed.value(), defectFraction, limits, out));
    }

    private static boolean isPairsCsv(Path input) {
        try {
            return Files.isRegularFile(input) && PairFiles.isPairsCsv(input);
        } catch (IOException e) {
            return false; // the corpus build reports the unreadable file
        }
    }

    /**
     * An MTS-Dialog CSV: its conversation/section pairs, headers mapped to the product's sections,
     * written as OUT/pairs.jsonl (what {@code draft-train --train} reads besides the CSV itself).
     */
    static int pairs(Path input, Path out) {
        long start = System.nanoTime();
        try {
            List<DialogPair> pairs = PairFiles.read(input);
            Path file = out.resolve(PairFiles.PAIRS);
            PairFiles.write(pairs, file);
            Map<MtsHeader, Long> byHeader = pairs.stream()
                    .collect(Collectors.groupingBy(DialogPair::header, () -> new EnumMap<>(MtsHeader.class), Collectors.counting()));
            System.out.printf(Locale.ROOT, "data: %d conversation/section pairs from %s (MTS-Dialog CSV)%n", pairs.size(), input);
            byHeader.forEach((h, n) -> System.out.printf(Locale.ROOT, "  %-15s -> %-14s %5d%n", h.csvName(), h.sectionName(), n));
            System.out.printf(Locale.ROOT, "data: written to %s (%.1f s)%n", file.toAbsolutePath(), (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("data: " + e.getMessage());
            return 1;
        }
    }

    /** Builds the corpus and prints what was kept; 1 when the notes cannot be read or written. */
    static int build(CorpusBuild.Options options) {
        long start = System.nanoTime();
        try {
            CorpusBuild.Summary s = CorpusBuild.run(options);
            System.out.printf(Locale.ROOT, "data: %d notes from %s, kept %d, dropped %s%n", s.read(), s.source(), s.kept(),
                    s.dropped());
            System.out.printf(Locale.ROOT, "data: train %d, val %d, test %d written to %s (%.1f s)%n", s.train(), s.val(),
                    s.test(), s.out().toAbsolutePath(), (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("data: " + e.getMessage());
            return 1;
        }
    }

    /** The build's options, checked; a bad value is a {@link ParameterException} of {@code spec}'s command (exit 2). */
    static CorpusBuild.Options options(CommandSpec spec, CorpusSourceOptions source, long seed, Double defectFraction,
                                       NoteFilter.Limits limits, Path out) {
        if (source.notes < 1) {
            throw new ParameterException(spec.commandLine(), "--notes must be at least 1, not " + source.notes);
        }
        double defects = defectFraction != null ? defectFraction
                : source.style == SyntheticCorpus.Style.SEED ? 0.0 : SyntheticCorpus.DEFAULT_DEFECT_FRACTION;
        if (defects < 0 || defects > 1) {
            throw new ParameterException(spec.commandLine(), "--defect-fraction must be between 0 and 1, not " + defects);
        }
        return new CorpusBuild.Options(source.style, source.notes, seed, defects, source.input, limits, out);
    }
}
