package io.chatkit.rest.dev;

import io.chatkit.rest.dev.DemoPhrases.Intent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DemoPhrasesTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			Add a task to buy milk                 | ADD      | Buy milk
			Please add milk to my list             | ADD      | Milk
			remind me to call the dentist          | ADD      | Call the dentist
			Can you create a new task called Taxes | ADD      | Taxes
			add eggs to my shopping list.          | ADD      | Eggs
			""")
	void addingTakesTheTitleOutOfThePhrase(String text, Intent intent, String title) {
		assertThat(DemoPhrases.intent(text)).isEqualTo(intent);
		assertThat(DemoPhrases.newTitle(text)).isEqualTo(title);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			Show my tasks                 | all
			What is on my to-do list?     | all
			Which tasks are still open?   | pending
			list completed tasks          | completed
			What do I have left to do     | pending
			""")
	void listingRecognisesTheStatusAsked(String text, String status) {
		assertThat(DemoPhrases.intent(text)).isEqualTo(Intent.LIST);
		assertThat(DemoPhrases.listStatus(text)).isEqualTo(status);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			Mark buy milk as done             | COMPLETE | buy milk
			I finished the milk task          | COMPLETE | milk
			complete buy milk                 | COMPLETE | buy milk
			Delete the milk task              | DELETE   | milk
			please remove buy milk from my list | DELETE | buy milk
			rename buy milk to buy oat milk   | UPDATE   | buy milk
			change the dentist task to dentist at 9 | UPDATE | dentist
			""")
	void changesNameTheTaskTheyMean(String text, Intent intent, String target) {
		assertThat(DemoPhrases.intent(text)).isEqualTo(intent);
		assertThat(DemoPhrases.score("Buy milk", target) + DemoPhrases.score("Call the dentist", target)).isPositive();
		assertThat(DemoPhrases.target(text)).contains(target.split(" ")[target.split(" ").length - 1]);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			rename buy milk to buy oat milk         | Buy oat milk
			change the dentist task to dentist at 9 | Dentist at 9
			""")
	void aRenameGivesTheNewTitle(String text, String title) {
		assertThat(DemoPhrases.renamedTo(text)).isEqualTo(title);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			Hello there
			How are you today
			""")
	void smallTalkIsChat(String text) {
		assertThat(DemoPhrases.intent(text)).isEqualTo(Intent.CHAT);
	}

}
