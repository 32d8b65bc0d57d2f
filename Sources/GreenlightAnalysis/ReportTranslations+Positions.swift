extension ReportTranslations {
    /// The Dutch of the positions and events section (`ScenarioReport+Positions.swift`).
    static let positions: [String: String] = [
        "Positions and events": "Standpunten en gebeurtenissen",
        "Positions of states on the debate, on a variant or on a policy, as the scenario records them. They are shown beside the answers, never in them: a position changes neither who must consent nor what is permitted.":
            "Standpunten van staten over het debat, over een variant of over een beleid, zoals het scenario ze vastlegt. Ze staan naast de antwoorden, nooit erin: een standpunt verandert niet wie toestemming moet geven en niet wat is toegestaan.",
        "state": "staat",
        "stance": "standpunt",
        "about": "over",
        "date": "datum",
        "words": "woorden",
        "source": "bron",
        "Events reported by parties": "Gebeurtenissen volgens de partijen",
        "Claims by parties to the conflict, such as strikes a general staff or a ministry reported: not policies. They change no decision and no figure.":
            "Beweringen van partijen in het conflict, zoals aanvallen die een generale staf of een ministerie meldde: geen beleid. Ze veranderen geen besluit en geen cijfer.",
        "claim": "bewering",
        "claimed by": "volgens",
        "{0}: {1} (claimed by {2})": "{0}: {1} (volgens {2})",
        "events reported by parties (claims, not policies)": "gebeurtenissen volgens de partijen (beweringen, geen beleid)",
        "item": "item",
        "place": "plaats",
        "supports": "steunt",
        "opposes": "is tegen",
        "reluctant": "terughoudend",
        "conditional": "onder voorwaarden",
        "declared threat": "verklaarde dreiging",
        "the debate": "het debat",
        "variant {0}": "variant {0}",
        "policy {0}": "beleid {0}",
        "official": "officieel",
        "reported": "gemeld",
        "hypothetical": "hypothetisch",
    ]
}
