package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.OutputFormat;

import com.fasterxml.jackson.databind.JsonNode;

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

    /** The body as sent: a field left out (or null) takes its default. */
    record Request(Integer steps, Double temperature, Integer maxLength, Long seed, Integer count, String mode,
            String strategy, Boolean remask, Integer blockLength, Boolean trace, String model, Double threshold,
            Double revise, Boolean slack, String format) {
    }

    /** The diffusion sampler's options, shared with infill: steps at most {@code maxSteps}. */
    static FieldRules samplerRules(RequestLimits limits, int maxSteps) {
        return new FieldRules()
                .with("steps", FieldRules.integer(1, maxSteps))
                .with("temperature", FieldRules.positive(limits.maxTemperature()))
                .with("seed", FieldRules.seed())
                .with("strategy", FieldRules.choice(SamplerOptions.Strategy.class))
                .with("remask", FieldRules.bool())
                .with("threshold", FieldRules.fraction(1))
                .with("revise", FieldRules.fraction(0.99))
                .with("slack", FieldRules.bool())
                .with(OutputFormat.FIELD, FieldRules.choice(OutputFormat.class));
    }

    static FieldRules rules(RequestLimits limits, int maxLength) {
        return samplerRules(limits, maxLength)
                .with("maxLength", FieldRules.integer(1, limits.maxLength()))
                .with("count", FieldRules.integer(1, limits.maxCount()))
                .with("mode", FieldRules.choice(NoteGenerator.Mode.class))
                .with("blockLength", FieldRules.integer(0, maxLength))
                .with("trace", FieldRules.bool())
                .with("model", FieldRules.choice(ModelKind.class));
    }

    public static GenerateInput from(JsonNode body, RequestLimits limits) {
        // A wrong-typed steps or blockLength is refused with the range the request's own maxLength sets.
        JsonNode sent = body == null ? null : body.get("maxLength");
        boolean inRange = sent != null && sent.isInt() && sent.asInt() >= 1 && sent.asInt() <= limits.maxLength();
        Request r = RequestReader.read(body, Request.class, rules(limits, inRange ? sent.asInt() : limits.maxLength()));
        int maxLength = rules(limits, limits.maxLength()).get("maxLength", r.maxLength(), limits.maxLength());
        FieldRules f = rules(limits, maxLength);
        GenerateInput input = new GenerateInput(
                f.get("steps", r.steps(), Math.min(SamplerOptions.DEFAULT_STEPS, maxLength)),
                f.get("temperature", r.temperature(), DEFAULT_TEMPERATURE),
                maxLength,
                f.get("seed", r.seed(), 0L),
                f.get("count", r.count(), 1),
                f.get("mode", r.mode(), NoteGenerator.Mode.SCAFFOLD),
                f.get("strategy", r.strategy(), SamplerOptions.DEFAULT_STRATEGY),
                f.get("remask", r.remask(), true),
                f.get("blockLength", r.blockLength(), 0),
                f.get("trace", r.trace(), false),
                f.get("model", r.model(), ModelKind.DIFFUSION),
                f.get("threshold", r.threshold(), decimal(SamplerOptions.DEFAULT_THRESHOLD)),
                f.get("revise", r.revise(), decimal(SamplerOptions.DEFAULT_REMASK_BELOW)),
                f.get("slack", r.slack(), true),
                f.get(OutputFormat.FIELD, r.format(), OutputFormat.JSON));
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
            Object[] diffusionOnly = {r.mode(), r.strategy(), r.remask(), r.blockLength(), r.trace(), r.threshold(),
                r.revise(), r.slack()};
            for (int i = 0; i < DIFFUSION_ONLY.length; i++) {
                if (diffusionOnly[i] != null) {
                    throw new BadRequestException(DIFFUSION_ONLY[i], "model diffusion", DIFFUSION_ONLY[i]
                            + " is an option of the diffusion sampler; the autoregressive model writes left to right");
                }
            }
        }
        return input;
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
