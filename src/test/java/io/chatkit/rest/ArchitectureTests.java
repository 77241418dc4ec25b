package io.chatkit.rest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the feature packages apart: no cycles between them, and the shared {@code web}
 * package knows no feature.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.chatkit.rest");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.chatkit.rest.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void theWebPackageDependsOnNoFeature() {
		noClasses().that()
			.resideInAPackage("io.chatkit.rest.web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.chatkit.rest.session..", "io.chatkit.rest.llm..", "io.chatkit.rest.tools..",
					"io.chatkit.rest.ratelimit..", "io.chatkit.rest.security..", "io.chatkit.rest.observability..",
					"io.chatkit.rest.database..")
			.check(CLASSES);
	}

	@Test
	void toolsAndTheLlmClientDoNotKnowAboutSessions() {
		noClasses().that()
			.resideInAnyPackage("io.chatkit.rest.tools..", "io.chatkit.rest.llm..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.chatkit.rest.session..")
			.allowEmptyShould(true)
			.check(CLASSES);
	}

}
