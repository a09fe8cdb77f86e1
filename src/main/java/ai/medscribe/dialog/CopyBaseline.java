package ai.medscribe.dialog;

/** The transcript's patient side as the section, whatever the header ({@link MtsDialog#patientTurns}). */
public final class CopyBaseline implements Baseline {

    @Override
    public String generate(String dialogue, MtsHeader header) {
        return MtsDialog.patientTurns(dialogue);
    }
}
