extension ReportTranslations {
    /// The Dutch of the section on sites that moved (`ScenarioReport+MovedSites.swift`).
    static let movedSites: [String: String] = [
        "Sites that moved": "Verplaatste locaties",
        "The same sites at two times, matched by id: {0} sites in {1} (before) and {2} sites in {3} (after).":
            "Dezelfde locaties op twee momenten, gekoppeld op id: {0} locaties in {1} (ervoor) en {2} locaties in {3} (erna).",
        "The sites are synthetic points made for a demonstration, not real installations: Greenlight models no weapon effects and only counts which points fall in which policy zone before and after.":
            "De locaties zijn synthetische punten, gemaakt voor een demonstratie, geen echte installaties: Greenlight modelleert geen wapeneffecten en telt alleen welke punten ervoor en erna in welke beleidszone vallen.",
        "The sites are the scenario author's data: Greenlight proposes no targets and models no weapon effects; it only counts which points fall in which policy zone before and after.":
            "De locaties zijn gegevens van de auteur van het scenario: Greenlight stelt geen doelen voor en modelleert geen wapeneffecten; het telt alleen welke punten ervoor en erna in welke beleidszone vallen.",
        "For each item on {0}, as written: a site is in range when it lies within the item's range of the launch area (and inside the territory measured), and in the permitted zone when, in range, every required state also permits a strike on its category. Each site in both files counts in exactly one of left, came in, stayed in and stayed out for each of the two questions; sites in one file only are counted apart.":
            "Per wapen op {0}, zoals geschreven: een locatie is binnen bereik als ze binnen het bereik van het wapen vanaf het lanceergebied ligt (en binnen het gemeten gebied), en in de toegestane zone als bovendien elke staat waarvan toestemming nodig is een aanval op haar categorie toestaat. Elke locatie die in beide bestanden staat, telt voor elk van de twee vragen in precies één van vertrokken, binnengekomen, binnen gebleven en buiten gebleven; locaties die in maar één bestand staan, worden apart geteld.",
        "moved site: left the permitted zone": "verplaatste locatie: de toegestane zone uit",
        "moved site: came into the permitted zone": "verplaatste locatie: de toegestane zone in",
        "moved site: in or out of the permitted zone as before": "verplaatste locatie: binnen of buiten de toegestane zone als voorheen",
        "Arrows run from each site's position in the before file to its position in the after file (drawn straight; distances are geodesic).":
            "Pijlen lopen van de positie van elke locatie in het bestand van ervoor naar haar positie in het bestand van erna (recht getekend; afstanden zijn geodetisch).",
        "item": "item",
        "category": "categorie",
        "in both files": "in beide bestanden",
        "moved": "verplaatst",
        "in range": "binnen bereik",
        "in the permitted zone": "in de toegestane zone",
        "left": "vertrokken",
        "came in": "binnengekomen",
        "stayed in": "binnen gebleven",
        "stayed out": "buiten gebleven",
        "only after (added)": "alleen erna (toegevoegd)",
        "only before (removed)": "alleen ervoor (verdwenen)",
        "The scenario has no item with a range and a recipient: nothing to count.":
            "Het scenario heeft geen wapen met een bereik en een ontvanger: er valt niets te tellen.",
        "{0}: by category": "{0}: per categorie",
        "{0} on {1}: sites that moved": "{0} op {1}: verplaatste locaties",
        "Each arrow runs from a site's position in the before file to its position in the after file; the dots are the sites after the move, coloured by decision.":
            "Elke pijl loopt van de positie van een locatie in het bestand van ervoor naar haar positie in het bestand van erna; de stippen zijn de locaties na de verplaatsing, gekleurd naar besluit.",
        "A synthetic after set is made with {0}: each site moves away from the launch area by up to the given distance. The figures show how such a move changes the counts, not where any real site is.":
            "Een synthetische set van erna wordt gemaakt met {0}: elke locatie schuift tot de opgegeven afstand van het lanceergebied af. De cijfers tonen hoe zo'n verplaatsing de tellingen verandert, niet waar een echte locatie ligt.",
    ]
}
