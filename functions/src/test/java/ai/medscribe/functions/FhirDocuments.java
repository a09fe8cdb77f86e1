package ai.medscribe.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

import ai.medscribe.functions.fhir.FhirNotes;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * Checks a FHIR answer as an EHR would take it: HAPI FHIR parses it back, validates it against the R4
 * base schema (fhir-single.xsd from hapi-fhir-validation-resources-r4: structure, cardinalities,
 * types, the XHTML narrative), and the document rules of the R4 base profiles that a schema cannot
 * say are checked here (bdl-7, bdl-9, bdl-10, bdl-11, cmp-1, cmp-2, and every reference resolving in
 * the Bundle). HAPI's profile validator (hapi-fhir-validation) and the Schematron engine are not
 * served here, so this is the validation these tests can do.
 */
final class FhirDocuments {

    static final List<String> SECTION_CODES = List.of("10164-2", "10187-3", "29545-1", "51848-0", "18776-5");

    private FhirDocuments() {
    }

    /** Parses, validates and checks the document rules; returns the parsed Bundle. */
    static Bundle validDocument(String json) {
        Bundle bundle = FhirNotes.context().newJsonParser().parseResource(Bundle.class, json);
        FhirValidator validator = FhirNotes.context().newValidator();
        validator.setValidateAgainstStandardSchema(true);
        validator.setValidateAgainstStandardSchematron(false);
        ValidationResult result = validator.validateWithResult(bundle);
        List<String> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
        assertTrue(errors.isEmpty(), "R4 schema errors: " + errors);

        assertEquals(Bundle.BundleType.DOCUMENT, bundle.getType());
        assertTrue(bundle.getIdentifier().hasSystem() && bundle.getIdentifier().hasValue(), "bdl-9: identifier");
        assertTrue(bundle.hasTimestamp(), "bdl-10: timestamp");
        assertTrue(bundle.getEntryFirstRep().getResource() instanceof Composition, "bdl-11: Composition first");
        Set<String> fullUrls = new HashSet<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            assertTrue(fullUrls.add(e.getFullUrl()), "bdl-7: fullUrl unique");
        }
        Composition c = composition(bundle);
        for (Composition.SectionComponent s : c.getSection()) {
            assertTrue(s.hasText() || s.hasEntry() || s.hasSection(), "cmp-1: a section has text, entries or sections");
            assertFalse(s.hasEmptyReason() && s.hasEntry(), "cmp-2: an empty reason only when empty");
        }
        Set<String> references = new HashSet<>();
        c.getAuthor().stream().map(Reference::getReference).forEach(references::add);
        Provenance p = provenance(bundle);
        p.getTarget().stream().map(Reference::getReference).forEach(references::add);
        p.getAgent().forEach(a -> references.add(a.getWho().getReference()));
        assertTrue(fullUrls.containsAll(references), "every reference resolves in the document: " + references);
        return bundle;
    }

    static Composition composition(Bundle bundle) {
        return (Composition) bundle.getEntryFirstRep().getResource();
    }

    static Provenance provenance(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Provenance.class::isInstance).map(Provenance.class::cast).findFirst().orElseThrow();
    }

    static Device device(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Device.class::isInstance).map(Device.class::cast).findFirst().orElseThrow();
    }

    /** The LOINC codes of the sections, in order. */
    static List<String> sectionCodes(Composition c) {
        return c.getSection().stream().filter(Composition.SectionComponent::hasCode)
                .map(s -> s.getCode().getCodingFirstRep()).filter(code -> "http://loinc.org".equals(code.getSystem()))
                .map(code -> code.getCode()).collect(Collectors.toList());
    }

    static String extension(org.hl7.fhir.r4.model.DomainResource r, String url) {
        return r.getExtensionByUrl(url).getValue().primitiveValue();
    }
}
