package ai.medscribe.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MtsHeaderTest {

    @Test
    void twentyHeadersWithTheirCsvNames() {
        Set<String> names = Arrays.stream(MtsHeader.values()).map(MtsHeader::csvName).collect(Collectors.toSet());
        assertEquals(Set.of("GENHX", "ROS", "EXAM", "ASSESSMENT", "DIAGNOSIS", "PLAN", "DISPOSITION", "CC",
                "PASTMEDICALHX", "PASTSURGICAL", "FAM/SOCHX", "MEDICATIONS", "ALLERGY", "IMMUNIZATIONS", "GYNHX",
                "EDCOURSE", "IMAGING", "LABS", "PROCEDURES", "OTHER_HISTORY"), names);
        assertEquals(20, MtsHeader.values().length);
    }

    @Test
    void controlTokens() {
        assertEquals("[FAM/SOCHX]", MtsHeader.FAM_SOCHX.controlToken());
        assertEquals("[GENHX]", MtsHeader.GENHX.controlToken());
        assertEquals("[OTHER_HISTORY]", MtsHeader.OTHER_HISTORY.controlToken());
    }

    @Test
    void sectionNames() {
        assertEquals("HPI", MtsHeader.GENHX.sectionName());
        assertEquals("ROS", MtsHeader.ROS.sectionName());
        assertEquals("EXAM", MtsHeader.EXAM.sectionName());
        assertEquals("ASSESSMENT", MtsHeader.ASSESSMENT.sectionName());
        assertEquals("ASSESSMENT", MtsHeader.DIAGNOSIS.sectionName());
        assertEquals("PLAN", MtsHeader.PLAN.sectionName());
        assertEquals("PLAN", MtsHeader.DISPOSITION.sectionName());
        assertEquals("CC", MtsHeader.CC.sectionName());
        assertEquals("FAM/SOCHX", MtsHeader.FAM_SOCHX.sectionName());
        assertEquals("MEDICATIONS", MtsHeader.MEDICATIONS.sectionName());
        Set<MtsHeader> folded = Set.of(MtsHeader.GENHX, MtsHeader.DIAGNOSIS, MtsHeader.DISPOSITION);
        for (MtsHeader h : MtsHeader.values()) {
            if (!folded.contains(h)) {
                assertEquals(h.csvName(), h.sectionName(), h.name());
            }
        }
    }

    @Test
    void parsesCsvSpellingsNamesAndSections() {
        for (MtsHeader h : MtsHeader.values()) {
            assertEquals(h, MtsHeader.parse(h.csvName()));
            assertEquals(h, MtsHeader.parse(h.name()));
            assertEquals(h, MtsHeader.parse(" " + h.csvName().toLowerCase() + "\t"));
        }
        assertEquals(MtsHeader.FAM_SOCHX, MtsHeader.parse("fam/sochx"));
        assertEquals(MtsHeader.GENHX, MtsHeader.parse("HPI"));
        assertEquals(MtsHeader.GENHX, MtsHeader.parse("hpi "));
        assertEquals(MtsHeader.ASSESSMENT, MtsHeader.parse("ASSESSMENT"));
        assertEquals(MtsHeader.PLAN, MtsHeader.parse("PLAN"));
    }

    @Test
    void unknownHeaderNamesItselfAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MtsHeader.parse("SUBJECTIVE"));
        assertTrue(e.getMessage().contains("'SUBJECTIVE'"), e.getMessage());
        assertTrue(e.getMessage().contains("FAM/SOCHX"), e.getMessage());
        assertTrue(e.getMessage().contains("GENHX"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MtsHeader.parse(""));
        assertThrows(IllegalArgumentException.class, () -> MtsHeader.parse(null));
    }
}
