extension ReportTranslations {
    /// The section of the scenario's questions and the published figures beside them.
    static let questions: [String: String] = [
        "The scenario's questions": "De vragen van het scenario",
        "question": "vraag",
        "what is measured": "wat wordt gemeten",
        "of: {0}": "van: {0}",
        "published figure": "gepubliceerd cijfer",
        "source": "bron",
        "this scenario": "dit scenario",
        "how the definitions differ": "hoe de definities verschillen",
        "within {0} km of {1}, in {2}": "binnen {0} km van {1}, in {2}",
        "within {0} km of {1}": "binnen {0} km van {1}",
        "{0}, {1}": "{0}, {1}",
        "range of {0}": "bereik van {0}",
        "variant {0}": "variant {0}",
        "at most {0}": "hoogstens {0}",
        "at least {0}": "minstens {0}",
        "about {0}": "ongeveer {0}",
    ]
}
