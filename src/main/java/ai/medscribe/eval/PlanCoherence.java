package ai.medscribe.eval;

import ai.medscribe.corpus.PhraseBook;
import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For coherent synthetic notes: the PLAN holds at least one action that fits a condition named in
 * the ASSESSMENT, and none that fits only conditions that were not assessed.
 */
public final class PlanCoherence {

    /**
     * @param assessed condition ids read from the ASSESSMENT
     * @param fitting PLAN actions that fit an assessed condition
     * @param unfit PLAN actions that fit only conditions that were not assessed
     */
    public record Result(Set<String> assessed, List<String> fitting, List<String> unfit) {
        public boolean coherent() {
            return !fitting.isEmpty() && unfit.isEmpty();
        }
    }

    private PlanCoherence() {
    }

    public static Result check(String noteText) {
        return check(noteText, PhraseBook.standard());
    }

    public static Result check(String noteText, PhraseBook book) {
        Map<Section, String> sections = SectionParser.instance().parse(noteText).sectionMap();
        Set<String> assessed = book.conditionsAssessedIn(sections.getOrDefault(Section.ASSESSMENT, ""));
        List<String> fitting = new ArrayList<>();
        List<String> unfit = new ArrayList<>();
        for (String action : book.actionsIn(sections.getOrDefault(Section.PLAN, ""))) {
            if (Collections.disjoint(book.conditionsFitting(action), assessed)) {
                unfit.add(action);
            } else {
                fitting.add(action);
            }
        }
        return new Result(assessed, fitting, unfit);
    }

    /** The share of notes whose plan is coherent. */
    public static double coherentShare(List<String> noteTexts) {
        return noteTexts.isEmpty() ? 0 : noteTexts.stream().filter(t -> check(t).coherent()).count() / (double) noteTexts.size();
    }
}
