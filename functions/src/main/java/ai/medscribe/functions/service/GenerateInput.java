package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.EnumIds;
import ai.medscribe.functions.api.dto.GenerateRequest;
import ai.medscribe.functions.api.dto.OutputFormat;
import ai.medscribe.functions.api.dto.RequestLimits;

import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;

/**
 * {@code generate}: sample {@code count} notes from scratch with the diffusion model (on a scaffold
 * of headers, or free) or the autoregressive baseline. {@code remask}, {@code strategy},
 * {@code blockLength}, {@code mode}, {@code trace}, {@code threshold}, {@code revise} and
 * {@code slack} are the diffusion sampler's options (see {@link SamplerOptions}); {@code format} is how
 * the note is answered ({@link OutputFormat}: fhir asks for one note without trace).
 */
public record GenerateInput(int steps, double temperature, int maxLength, long seed, int count,
        NoteGenerator.Mode mode, SamplerOptions.Strategy strategy, boolean remask, int blockLength, boolean trace,
        ModelKind model, double threshold, double revise, boolean slack, OutputFormat format) {

    /** A float default as the decimal it is written as (0.9, not 0.899999976158142). */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /** The sampler's default temperature as the decimal it is written as (0.8, not 0.800000011920929). */
    static final double DEFAULT_TEMPERATURE = decimal(SamplerOptions.DEFAULT_TEMPERATURE);

    static final String[] DIFFUSION_ONLY = {"mode", "strategy", "remask", "blockLength", "trace", "threshold", "revise",
        "slack"};

    /** The request's values, defaults for those left out, checked where one depends on another. */
    public static GenerateInput of(GenerateRequest r, RequestLimits limits) {
        int maxLength = or(r.maxLength(), limits.maxLength());
        withinLength("steps", r.steps(), 1, maxLength);
        withinLength("blockLength", r.blockLength(), 0, maxLength);
        GenerateInput input = new GenerateInput(
                or(r.steps(), Math.min(SamplerOptions.DEFAULT_STEPS, maxLength)),
                or(r.temperature(), DEFAULT_TEMPERATURE),
                maxLength,
                or(r.seed(), 0L),
                or(r.count(), 1),
                EnumIds.parse(NoteGenerator.Mode.class, r.mode()).orElse(NoteGenerator.Mode.SCAFFOLD),
                EnumIds.parse(SamplerOptions.Strategy.class, r.strategy()).orElse(SamplerOptions.DEFAULT_STRATEGY),
                or(r.remask(), true),
                or(r.blockLength(), 0),
                or(r.trace(), false),
                EnumIds.parse(ModelKind.class, r.model()).orElse(ModelKind.DIFFUSION),
                or(r.threshold(), decimal(SamplerOptions.DEFAULT_THRESHOLD)),
                or(r.revise(), decimal(SamplerOptions.DEFAULT_REMASK_BELOW)),
                or(r.slack(), true),
                EnumIds.parse(OutputFormat.class, r.format()).orElse(OutputFormat.JSON));
        if (input.format() == OutputFormat.FHIR) {
            // A FHIR document holds one note, and has no place for a denoising trace.
            if (input.count() != 1) {
                throw new BadRequestException("count", "1 with format fhir", "format fhir answers one note as one FHIR "
                        + "document: ask for count 1");
            }
            if (input.trace()) {
                throw new BadRequestException("trace", "false with format fhir", "format fhir has no place for the "
                        + "denoising trace: ask for it with format json");
            }
        }
        if (input.model() == ModelKind.AUTOREGRESSIVE) {
            diffusionOnly(DIFFUSION_ONLY, r.mode(), r.strategy(), r.remask(), r.blockLength(), r.trace(), r.threshold(),
                    r.revise(), r.slack());
        }
        return input;
    }

    /** The value sent, or the default when it was left out. */
    static <T> T or(T sent, T fallback) {
        return sent == null ? fallback : sent;
    }

    /** A value whose range this request's own maxLength sets (the annotations check the model's). */
    private static void withinLength(String field, Integer value, int min, int maxLength) {
        if (value != null && value > maxLength) {
            throw new BadRequestException(field, min + ".." + maxLength, field + " must be in " + min + ".." + maxLength
                    + ", was " + value);
        }
    }

    /** The autoregressive model refuses the diffusion sampler's options ({@code names}, as sent in order). */
    static void diffusionOnly(String[] names, Object... sent) {
        for (int i = 0; i < names.length; i++) {
            if (sent[i] != null) {
                throw new BadRequestException(names[i], "model diffusion", names[i]
                        + " is an option of the diffusion sampler; the autoregressive model writes left to right");
            }
        }
    }

    /** The same request with the denoising trace kept or not. */
    GenerateInput withTrace(boolean keep) {
        return new GenerateInput(steps, temperature, maxLength, seed, count, mode, strategy, remask, blockLength, keep,
                model, threshold, revise, slack, format);
    }

    SamplerOptions options() {
        return SamplerOptions.builder().steps(steps).temperature((float) temperature).seed(seed).strategy(strategy)
                .remaskRepeats(remask).blockLength(blockLength).trace(trace).threshold((float) threshold)
                .remaskBelow((float) revise).sectionSlack(slack).build();
    }
}
