package ai.medscribe.train;

/**
 * One epoch's figures, as written to training.json. {@code valLoss} is the diffusion ELBO (or the AR
 * next-token loss) on the validation split; for diffusion it splits into the part at content
 * positions and the part at padding positions. {@code gradNormMedian} and {@code gradNormMax} are
 * the global gradient norm before clipping over the epoch's steps. The probe (diffusion only) masks
 * one content token of every validation note, with every other token visible ({@code probe}) or
 * with half of the other content tokens masked too ({@code probeHalf}), and reports the model's
 * top-1 accuracy and mean NLL (nats) at it. Fields the model kind has no figure for are null.
 */
public record EpochRecord(int epoch, int step, double trainLoss, double valLoss, double learningRate, double seconds,
                          Double valContentLoss, Double valPaddingLoss, Double gradNormMedian, Double gradNormMax,
                          Double probeTop1, Double probeNll, Double probeHalfTop1, Double probeHalfNll) {

    public EpochRecord(int epoch, int step, double trainLoss, double valLoss, double learningRate, double seconds) {
        this(epoch, step, trainLoss, valLoss, learningRate, seconds, null, null, null, null, null, null, null, null);
    }
}
