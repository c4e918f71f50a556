//! A plugin's per-community settings form, generated from the JSON Schema in its manifest.
//!
//! Only a flat subset is supported, the one a settings form of a module needs: a top-level
//! `{"type": "object", "properties": {…}}` whose properties are booleans (a checkbox),
//! integers (a number with optional `minimum`/`maximum`) or strings (a text with optional
//! `maxLength`, or a choice when they have an `enum`), each with a `default`. `title` and
//! `description` are German; `x-title-en` and `x-description-en` give English. Options of an
//! `enum` may be labelled with `x-enum-titles` (German) and `x-enum-titles-en`. The fields
//! appear in the order the schema lists them.
//!
//! [`SettingsSchema::parse`] checks a schema once at install time and refuses anything else,
//! naming the property. [`SettingsSchema::inputs_from`] turns stored settings into form input
//! (falling back to the defaults) and [`SettingsSchema::check`] turns posted input into typed
//! values or a message per field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::lang::Lang;

/// Longest schema source the host accepts.
const MAX_SCHEMA_BYTES: usize = 64 * 1024;
/// Most properties in one settings form.
const MAX_PROPERTIES: usize = 50;
/// Most options of one choice.
const MAX_OPTIONS: usize = 100;
/// Longest text setting, and the length of one without `maxLength`.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Why a settings schema was refused; for the operator installing the plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A German text with an optional English one; English viewers fall back to German.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub de: String,
    pub en: Option<String>,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => en,
            _ => &self.de,
        }
    }
}

/// One option of a choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    /// Shown instead of the value when the schema gives titles.
    pub title: Option<Label>,
}

impl Choice {
    pub fn label(&self, lang: Lang) -> &str {
        self.title.as_ref().map_or(&self.value, |t| t.get(lang))
    }
}

/// What kind of input a property is, with its rules and default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Boolean {
        default: bool,
    },
    Integer {
        minimum: Option<i64>,
        maximum: Option<i64>,
        default: i64,
    },
    Text {
        max_length: usize,
        default: String,
    },
    Choice {
        options: Vec<Choice>,
        default: String,
    },
}

/// One property of the schema: one field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The property name: the key in the stored settings and the form field's name.
    pub key: String,
    pub title: Label,
    pub description: Option<Label>,
    pub kind: Kind,
}

/// Why a posted value was refused: a message key of the host catalogue and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub message: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FieldProblem {
    fn new(message: &'static str) -> Self {
        Self {
            message,
            args: vec![],
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// The form as typed (or as filled from stored settings): field key → raw text. A ticked
/// checkbox is present (with any value), an unticked one absent.
pub type Inputs = BTreeMap<String, String>;

/// A checked settings schema: its fields in the order the schema lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsSchema {
    pub fields: Vec<Field>,
}

fn fail<T>(message: impl Into<String>) -> Result<T, SchemaError> {
    Err(SchemaError(message.into()))
}

/// Letters, digits, `_` and `-`, starting with a letter, at most 64 characters: safe as a
/// form field name and inside an HTML id.
fn is_key(s: &str) -> bool {
    s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A text of at most `max` characters, not blank, without control characters.
fn text_of(value: &Value, max: usize) -> Option<String> {
    let s = value.as_str()?;
    let ok = !s.trim().is_empty() && s.chars().count() <= max && !s.chars().any(char::is_control);
    ok.then(|| s.to_owned())
}

/// Reads a label from `de_key` (German, standard JSON Schema) and `en_key` (English).
fn label(
    object: &Map<String, Value>,
    de_key: &str,
    en_key: &str,
    max: usize,
    whose: &str,
) -> Result<Option<Label>, SchemaError> {
    let read = |key: &str| -> Result<Option<String>, SchemaError> {
        match object.get(key) {
            None => Ok(None),
            Some(v) => match text_of(v, max) {
                Some(s) => Ok(Some(s)),
                None => fail(format!(
                    "{whose}: '{key}' must be a text of 1 to {max} characters"
                )),
            },
        }
    };
    match (read(de_key)?, read(en_key)?) {
        (Some(de), en) => Ok(Some(Label { de, en })),
        (None, None) => Ok(None),
        (None, Some(_)) => fail(format!(
            "{whose}: '{en_key}' needs the German '{de_key}' beside it"
        )),
    }
}

/// The property names of the schema's `properties` object in the order they are written
/// (the host's `serde_json` keeps objects sorted by key, so the order is read separately).
#[derive(Deserialize)]
struct PropertyOrder {
    #[serde(default)]
    properties: Option<KeysInOrder>,
}

struct KeysInOrder(Vec<String>);

impl<'de> Deserialize<'de> for KeysInOrder {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = KeysInOrder;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeysInOrder, A::Error> {
                let mut keys = vec![];
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(KeysInOrder(keys))
            }
        }
        deserializer.deserialize_map(Keys)
    }
}

const TOP_LEVEL_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "type",
    "title",
    "description",
    "x-title-en",
    "x-description-en",
    "properties",
    "required",
    "additionalProperties",
];
const COMMON_KEYWORDS: &[&str] = &[
    "type",
    "title",
    "description",
    "x-title-en",
    "x-description-en",
    "default",
    "$comment",
];
const INTEGER_KEYWORDS: &[&str] = &["minimum", "maximum"];
const TEXT_KEYWORDS: &[&str] = &["maxLength"];
const CHOICE_KEYWORDS: &[&str] = &["enum", "x-enum-titles", "x-enum-titles-en"];

impl SettingsSchema {
    /// Checks a schema against the supported subset; the error names what is wrong and where.
    pub fn parse(source: &str) -> Result<SettingsSchema, SchemaError> {
        if source.len() > MAX_SCHEMA_BYTES {
            return fail("the settings schema is larger than 64 KiB");
        }
        let Ok(schema) = serde_json::from_str::<Value>(source) else {
            return fail("the settings schema is not JSON");
        };
        let Some(top) = schema.as_object() else {
            return fail("the settings schema must be a JSON object");
        };
        if let Some(keyword) = top
            .keys()
            .find(|k| !TOP_LEVEL_KEYWORDS.contains(&k.as_str()))
        {
            return fail(format!(
                "the settings schema uses '{keyword}', which the settings form does not support \
                 (supported at the top: {})",
                TOP_LEVEL_KEYWORDS.join(", ")
            ));
        }
        if top.get("type").and_then(Value::as_str) != Some("object") {
            return fail("the settings schema must have \"type\": \"object\"");
        }
        label(top, "title", "x-title-en", 200, "the settings schema")?;
        label(
            top,
            "description",
            "x-description-en",
            1000,
            "the settings schema",
        )?;
        let Some(properties) = top.get("properties").and_then(Value::as_object) else {
            return fail("the settings schema needs \"properties\": an object of its settings");
        };
        if properties.is_empty() {
            return fail("the settings schema has no properties");
        }
        if properties.len() > MAX_PROPERTIES {
            return fail(format!(
                "the settings schema has more than {MAX_PROPERTIES} properties"
            ));
        }
        match top.get("additionalProperties") {
            None | Some(Value::Bool(_)) => {}
            Some(_) => {
                return fail("the settings schema: 'additionalProperties' must be true or false");
            }
        }
        if let Some(required) = top.get("required") {
            let names = required.as_array().map(|a| {
                a.iter()
                    .map(|n| n.as_str().filter(|n| properties.contains_key(*n)))
                    .collect::<Option<Vec<_>>>()
            });
            if !matches!(names, Some(Some(_))) {
                return fail(
                    "the settings schema: 'required' must list names of its properties \
                     (every setting has a default, so it is never needed)",
                );
            }
        }

        // The order as written; a name written twice would be ambiguous.
        let order = serde_json::from_str::<PropertyOrder>(source)
            .ok()
            .and_then(|o| o.properties)
            .map(|k| k.0)
            .unwrap_or_default();
        let mut seen = BTreeSet::new();
        for key in &order {
            if !seen.insert(key.as_str()) {
                return fail(format!(
                    "the settings schema lists the property '{key}' twice"
                ));
            }
        }
        let mut fields = Vec::with_capacity(properties.len());
        for key in order {
            let property = &properties[&key];
            fields.push(Self::field(&key, property)?);
        }
        Ok(SettingsSchema { fields })
    }

    fn field(key: &str, property: &Value) -> Result<Field, SchemaError> {
        let whose = format!("the settings schema, property '{key}'");
        if !is_key(key) || key == "csrf_token" {
            return fail(format!(
                "{whose}: property names are 1 to 64 letters, digits, '_' or '-', starting with \
                 a letter (and not 'csrf_token')"
            ));
        }
        let Some(object) = property.as_object() else {
            return fail(format!("{whose}: must be an object"));
        };
        let ty = object.get("type").and_then(Value::as_str).unwrap_or("");
        let choice = ty == "string" && object.contains_key("enum");
        let own: &[&str] = match ty {
            "boolean" => &[],
            "integer" => INTEGER_KEYWORDS,
            "string" if choice => CHOICE_KEYWORDS,
            "string" => TEXT_KEYWORDS,
            "" => {
                return fail(format!(
                    "{whose}: needs a \"type\": boolean, integer or string"
                ));
            }
            other => {
                return fail(format!(
                    "{whose}: the type '{other}' is not supported (boolean, integer or string)"
                ));
            }
        };
        if let Some(keyword) = object
            .keys()
            .find(|k| !COMMON_KEYWORDS.contains(&k.as_str()) && !own.contains(&k.as_str()))
        {
            let what = if choice { "string with enum" } else { ty };
            let supported = COMMON_KEYWORDS
                .iter()
                .chain(own)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            return fail(format!(
                "{whose}: '{keyword}' is not supported for a {what} (supported: {supported})"
            ));
        }
        let Some(title) = label(object, "title", "x-title-en", 200, &whose)? else {
            return fail(format!(
                "{whose}: needs a 'title' (German; 'x-title-en' for English), the label managers see"
            ));
        };
        let description = label(object, "description", "x-description-en", 1000, &whose)?;
        let Some(default) = object.get("default") else {
            return fail(format!("{whose}: needs a 'default'"));
        };
        let bound = |name: &str| -> Result<Option<i64>, SchemaError> {
            match object.get(name) {
                None => Ok(None),
                Some(v) => v
                    .as_i64()
                    .map(Some)
                    .ok_or_else(|| SchemaError(format!("{whose}: '{name}' must be an integer"))),
            }
        };
        let kind = match ty {
            "boolean" => Kind::Boolean {
                default: default.as_bool().ok_or_else(|| {
                    SchemaError(format!("{whose}: the default must be true or false"))
                })?,
            },
            "integer" => {
                let (minimum, maximum) = (bound("minimum")?, bound("maximum")?);
                if let (Some(min), Some(max)) = (minimum, maximum)
                    && min > max
                {
                    return fail(format!("{whose}: 'minimum' is greater than 'maximum'"));
                }
                Kind::Integer {
                    minimum,
                    maximum,
                    default: default.as_i64().ok_or_else(|| {
                        SchemaError(format!("{whose}: the default must be an integer"))
                    })?,
                }
            }
            _ if choice => Kind::Choice {
                options: Self::options(object, &whose)?,
                default: default
                    .as_str()
                    .ok_or_else(|| SchemaError(format!("{whose}: the default must be a string")))?
                    .to_owned(),
            },
            _ => {
                let max_length = match object.get("maxLength") {
                    None => MAX_TEXT_CHARS,
                    Some(v) => match v.as_u64() {
                        Some(n) if (1..=MAX_TEXT_CHARS as u64).contains(&n) => n as usize,
                        _ => {
                            return fail(format!(
                                "{whose}: 'maxLength' must be an integer from 1 to {MAX_TEXT_CHARS}"
                            ));
                        }
                    },
                };
                Kind::Text {
                    max_length,
                    default: default
                        .as_str()
                        .ok_or_else(|| {
                            SchemaError(format!("{whose}: the default must be a string"))
                        })?
                        .to_owned(),
                }
            }
        };
        let field = Field {
            key: key.to_owned(),
            title,
            description,
            kind,
        };
        // The default must pass the field's own rules, or the untouched form could not be saved.
        if let Err(problem) = field.check(field.default_input().as_deref()) {
            return fail(format!(
                "{whose}: the default does not meet the property's own rules ({})",
                problem.message
            ));
        }
        Ok(field)
    }

    fn options(object: &Map<String, Value>, whose: &str) -> Result<Vec<Choice>, SchemaError> {
        let values: Option<Vec<String>> = object["enum"].as_array().and_then(|a| {
            a.iter()
                .map(|v| text_of(v, 200).filter(|s| s.trim() == s.as_str()))
                .collect()
        });
        let Some(values) = values.filter(|v| !v.is_empty() && v.len() <= MAX_OPTIONS) else {
            return fail(format!(
                "{whose}: 'enum' must list 1 to {MAX_OPTIONS} strings (each 1 to 200 characters, \
                 no leading or trailing spaces)"
            ));
        };
        if values.iter().collect::<BTreeSet<_>>().len() != values.len() {
            return fail(format!("{whose}: 'enum' lists a value twice"));
        }
        let titles = |name: &str| -> Result<Option<Vec<String>>, SchemaError> {
            let Some(titles) = object.get(name) else {
                return Ok(None);
            };
            titles
                .as_array()
                .filter(|a| a.len() == values.len())
                .and_then(|a| a.iter().map(|t| text_of(t, 200)).collect())
                .map(Some)
                .ok_or_else(|| {
                    SchemaError(format!(
                        "{whose}: '{name}' must list one text (1 to 200 characters) per 'enum' value"
                    ))
                })
        };
        let (de, en) = (titles("x-enum-titles")?, titles("x-enum-titles-en")?);
        if de.is_none() && en.is_some() {
            return fail(format!(
                "{whose}: 'x-enum-titles-en' needs the German 'x-enum-titles' beside it"
            ));
        }
        Ok(values
            .into_iter()
            .enumerate()
            .map(|(i, value)| Choice {
                value,
                title: de.as_ref().map(|de| Label {
                    de: de[i].clone(),
                    en: en.as_ref().map(|en| en[i].clone()),
                }),
            })
            .collect())
    }

    /// The form filled from stored settings: each field's stored value if it is valid, else
    /// its default. `stored` is the settings JSON kept for the community.
    pub fn inputs_from(&self, stored: &str) -> Inputs {
        let stored = serde_json::from_str::<Value>(stored).unwrap_or(Value::Null);
        self.fields
            .iter()
            .filter_map(|field| {
                let input = stored
                    .get(&field.key)
                    .and_then(|v| field.input_of(v))
                    .filter(|input| field.check(input.as_deref()).is_ok())
                    .unwrap_or_else(|| field.default_input());
                input.map(|text| (field.key.clone(), text))
            })
            .collect()
    }

    /// Checks posted input (fields not in the schema are ignored): the settings to store, with
    /// every property as a typed value, or the problem of each refused field.
    pub fn check(
        &self,
        inputs: &Inputs,
    ) -> Result<Map<String, Value>, Vec<(String, FieldProblem)>> {
        let mut values = Map::new();
        let mut problems = vec![];
        for field in &self.fields {
            match field.check(inputs.get(&field.key).map(String::as_str)) {
                Ok(value) => {
                    values.insert(field.key.clone(), value);
                }
                Err(problem) => problems.push((field.key.clone(), problem)),
            }
        }
        if problems.is_empty() {
            Ok(values)
        } else {
            Err(problems)
        }
    }
}

impl Field {
    /// The default as form input (`None`: an unticked checkbox).
    fn default_input(&self) -> Option<String> {
        match &self.kind {
            Kind::Boolean { default } => default.then(|| "on".into()),
            Kind::Integer { default, .. } => Some(default.to_string()),
            Kind::Text { default, .. } | Kind::Choice { default, .. } => Some(default.clone()),
        }
    }

    /// A stored value as form input, if it has this field's type.
    fn input_of(&self, value: &Value) -> Option<Option<String>> {
        match (&self.kind, value) {
            (Kind::Boolean { .. }, Value::Bool(b)) => Some(b.then(|| "on".into())),
            (Kind::Integer { .. }, Value::Number(n)) => n.as_i64().map(|n| Some(n.to_string())),
            (Kind::Text { .. } | Kind::Choice { .. }, Value::String(s)) => Some(Some(s.clone())),
            _ => None,
        }
    }

    /// Checks one field's input (`None`: not sent) and gives its typed value.
    pub fn check(&self, input: Option<&str>) -> Result<Value, FieldProblem> {
        let text = input.unwrap_or("").trim();
        match &self.kind {
            // A checkbox is sent only when ticked.
            Kind::Boolean { .. } => Ok(Value::Bool(input.is_some())),
            Kind::Integer {
                minimum, maximum, ..
            } => {
                if text.is_empty() {
                    return Err(FieldProblem::new("error-required"));
                }
                let Ok(n) = text.parse::<i64>() else {
                    return Err(FieldProblem::new("error-number-invalid"));
                };
                let low = minimum.is_some_and(|min| n < min);
                let high = maximum.is_some_and(|max| n > max);
                match (low || high, minimum, maximum) {
                    (false, ..) => Ok(Value::from(n)),
                    (true, Some(min), Some(max)) => Err(FieldProblem::new("error-setting-range")
                        .with("min", min)
                        .with("max", max)),
                    (true, Some(min), None) => {
                        Err(FieldProblem::new("error-setting-minimum").with("min", min))
                    }
                    (true, None, Some(max)) => {
                        Err(FieldProblem::new("error-setting-maximum").with("max", max))
                    }
                    (true, None, None) => unreachable!("out of range needs a bound"),
                }
            }
            Kind::Text { max_length, .. } => {
                if text.chars().any(char::is_control) {
                    Err(FieldProblem::new("error-invalid-characters"))
                } else if text.chars().count() > *max_length {
                    Err(FieldProblem::new("error-setting-too-long").with("max", max_length))
                } else {
                    Ok(Value::from(text))
                }
            }
            Kind::Choice { options, .. } => options
                .iter()
                .find(|o| o.value == text)
                .map(|o| Value::from(o.value.as_str()))
                .ok_or_else(|| FieldProblem::new("error-choice-invalid")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SCHEMA: &str = r#"{
        "type": "object",
        "properties": {
            "open": {"type": "boolean", "title": "Geöffnet", "x-title-en": "Open",
                     "description": "Ob man sich eintragen kann.", "default": true},
            "max_entries": {"type": "integer", "title": "Höchstzahl", "minimum": 1,
                            "maximum": 50, "default": 10},
            "greeting": {"type": "string", "title": "Gruß", "maxLength": 5, "default": "Moin"},
            "mood": {"type": "string", "title": "Stimmung", "enum": ["calm", "loud"],
                     "x-enum-titles": ["Ruhig", "Laut"], "x-enum-titles-en": ["Calm", "Loud"],
                     "default": "calm"}
        }
    }"#;

    fn inputs(pairs: &[(&str, &str)]) -> Inputs {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_supported_schema_keeps_its_order_and_labels() {
        let schema = SettingsSchema::parse(SCHEMA).unwrap();
        let keys: Vec<_> = schema.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["open", "max_entries", "greeting", "mood"]);
        let open = &schema.fields[0];
        assert_eq!(open.title.get(Lang::En), "Open");
        assert_eq!(schema.fields[1].title.get(Lang::En), "Höchstzahl");
        assert_eq!(
            open.description.as_ref().unwrap().get(Lang::En),
            "Ob man sich eintragen kann."
        );
        let Kind::Choice { options, .. } = &schema.fields[3].kind else {
            panic!("a choice")
        };
        assert_eq!(options[1].label(Lang::De), "Laut");
        assert_eq!(options[1].label(Lang::En), "Loud");
    }

    #[test]
    fn the_plugin_guides_example_is_supported() {
        // docs/plugin-guide.md, "Settings".
        let schema = SettingsSchema::parse(
            r#"{
              "type": "object",
              "properties": {
                "open": {"type": "boolean", "default": true,
                         "title": "Anmeldung offen", "x-title-en": "Sign-up open"},
                "max_people": {"type": "integer", "minimum": 1, "maximum": 200, "default": 20,
                               "title": "Höchstens Personen", "x-title-en": "At most people",
                               "description": "Pro Termin.", "x-description-en": "Per date."},
                "contact": {"type": "string", "maxLength": 80, "default": "",
                            "title": "Ansprechperson", "x-title-en": "Contact person"},
                "reminder": {"type": "string", "enum": ["none", "day", "week"], "default": "day",
                             "x-enum-titles": ["Keine", "Einen Tag vorher", "Eine Woche vorher"],
                             "x-enum-titles-en": ["None", "A day before", "A week before"],
                             "title": "Erinnerung", "x-title-en": "Reminder"}
              }
            }"#,
        )
        .unwrap();
        let keys: Vec<_> = schema.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["open", "max_people", "contact", "reminder"]);
    }

    #[test]
    fn stored_values_fill_the_form_and_invalid_ones_fall_back_to_defaults() {
        let schema = SettingsSchema::parse(SCHEMA).unwrap();
        assert_eq!(
            schema.inputs_from("{}"),
            inputs(&[
                ("open", "on"),
                ("max_entries", "10"),
                ("greeting", "Moin"),
                ("mood", "calm")
            ])
        );
        let stored = json!({"open": false, "max_entries": 99, "greeting": "Hallo", "mood": "loud"});
        assert_eq!(
            schema.inputs_from(&stored.to_string()),
            inputs(&[
                ("max_entries", "10"),
                ("greeting", "Hallo"),
                ("mood", "loud")
            ])
        );
        assert_eq!(schema.inputs_from("not json"), schema.inputs_from("{}"));
    }

    #[test]
    fn posted_input_becomes_typed_values() {
        let schema = SettingsSchema::parse(SCHEMA).unwrap();
        let posted = inputs(&[
            ("max_entries", " 25 "),
            ("greeting", " Hi "),
            ("mood", "loud"),
            ("csrf_token", "x"),
            ("unknown", "y"),
        ]);
        assert_eq!(
            Value::Object(schema.check(&posted).unwrap()),
            json!({"open": false, "max_entries": 25, "greeting": "Hi", "mood": "loud"})
        );
        let posted = inputs(&[
            ("open", "on"),
            ("max_entries", "1"),
            ("greeting", ""),
            ("mood", "calm"),
        ]);
        assert_eq!(
            Value::Object(schema.check(&posted).unwrap()),
            json!({"open": true, "max_entries": 1, "greeting": "", "mood": "calm"})
        );
    }

    #[test]
    fn bad_input_is_refused_field_by_field() {
        let schema = SettingsSchema::parse(SCHEMA).unwrap();
        let problems = |pairs: &[(&str, &str)]| -> Vec<(String, &'static str)> {
            schema
                .check(&inputs(pairs))
                .unwrap_err()
                .into_iter()
                .map(|(k, p)| (k, p.message))
                .collect()
        };
        let ok = [("max_entries", "5"), ("greeting", "x"), ("mood", "calm")];
        for (key, bad, message) in [
            ("max_entries", "viele", "error-number-invalid"),
            ("max_entries", "2.5", "error-number-invalid"),
            ("max_entries", "", "error-required"),
            ("max_entries", "0", "error-setting-range"),
            ("max_entries", "51", "error-setting-range"),
            (
                "max_entries",
                "99999999999999999999",
                "error-number-invalid",
            ),
            ("greeting", "Hallo!", "error-setting-too-long"),
            ("greeting", "a\u{7}", "error-invalid-characters"),
            ("mood", "angry", "error-choice-invalid"),
            ("mood", "", "error-choice-invalid"),
        ] {
            let mut pairs: Vec<_> = ok.iter().filter(|(k, _)| *k != key).copied().collect();
            pairs.push((key, bad));
            assert_eq!(
                problems(&pairs),
                [(key.to_owned(), message)],
                "{key}={bad:?}"
            );
        }
        let range = schema.fields[1].check(Some("0")).unwrap_err();
        assert_eq!(
            range.args,
            [("min", "1".to_owned()), ("max", "50".to_owned())]
        );
        // Nothing sent at all: the integer is missing, the choice is not one of the options.
        assert_eq!(
            problems(&[]),
            [
                ("max_entries".to_owned(), "error-required"),
                ("mood".to_owned(), "error-choice-invalid")
            ]
        );
    }

    #[test]
    fn unsupported_schemas_are_refused_naming_the_property() {
        let with = |property: &str| {
            format!(
                r#"{{"type": "object", "properties": {{"ok": {{"type": "boolean", "title": "Ok", "default": false}}, "p": {property}}}}}"#
            )
        };
        for (property, expected) in [
            (
                r#"{"type": "array", "title": "A", "default": []}"#,
                "type 'array'",
            ),
            (
                r#"{"type": "object", "title": "A", "default": {}}"#,
                "type 'object'",
            ),
            (
                r#"{"type": "number", "title": "A", "default": 1.5}"#,
                "type 'number'",
            ),
            (r#"{"title": "A", "default": 1}"#, "needs a \"type\""),
            (
                r#"{"type": ["string", "null"], "title": "A", "default": ""}"#,
                "needs a \"type\"",
            ),
            (r#"{"type": "string", "title": "A"}"#, "needs a 'default'"),
            (r#"{"type": "string", "default": "x"}"#, "needs a 'title'"),
            (
                r#"{"type": "string", "title": "A", "pattern": "x", "default": "x"}"#,
                "'pattern' is not supported",
            ),
            (
                r#"{"type": "string", "title": "A", "minimum": 1, "default": "x"}"#,
                "'minimum' is not supported",
            ),
            (
                r#"{"type": "integer", "title": "A", "maxLength": 1, "default": 1}"#,
                "'maxLength' is not supported",
            ),
            (
                r#"{"type": "string", "title": "A", "enum": ["a"], "maxLength": 3, "default": "a"}"#,
                "'maxLength' is not supported",
            ),
            (
                r#"{"type": "boolean", "title": "A", "default": "yes"}"#,
                "true or false",
            ),
            (
                r#"{"type": "integer", "title": "A", "default": 1.5}"#,
                "must be an integer",
            ),
            (
                r#"{"type": "integer", "title": "A", "minimum": 5, "default": 1}"#,
                "the default does not meet",
            ),
            (
                r#"{"type": "integer", "title": "A", "minimum": 5, "maximum": 1, "default": 3}"#,
                "greater than",
            ),
            (
                r#"{"type": "integer", "title": "A", "minimum": 0.5, "default": 3}"#,
                "'minimum' must be an integer",
            ),
            (
                r#"{"type": "string", "title": "A", "maxLength": 0, "default": ""}"#,
                "'maxLength' must be",
            ),
            (
                r#"{"type": "string", "title": "A", "maxLength": 2, "default": "abc"}"#,
                "the default does not meet",
            ),
            (
                r#"{"type": "string", "title": "A", "enum": [], "default": "a"}"#,
                "'enum' must list",
            ),
            (
                r#"{"type": "string", "title": "A", "enum": ["a", 1], "default": "a"}"#,
                "'enum' must list",
            ),
            (
                r#"{"type": "string", "title": "A", "enum": ["a", "a"], "default": "a"}"#,
                "twice",
            ),
            (
                r#"{"type": "string", "title": "A", "enum": ["a", "b"], "default": "c"}"#,
                "the default does not meet",
            ),
            (
                r#"{"type": "string", "title": "A", "enum": ["a", "b"], "x-enum-titles": ["A"], "default": "a"}"#,
                "'x-enum-titles' must list",
            ),
            (
                r#"{"type": "string", "title": "A", "enum": ["a"], "x-enum-titles-en": ["A"], "default": "a"}"#,
                "needs the German",
            ),
            (
                r#"{"type": "string", "title": "", "default": ""}"#,
                "'title' must be a text",
            ),
            (
                r#"{"type": "string", "title": "A", "x-title-en": 3, "default": ""}"#,
                "'x-title-en' must be a text",
            ),
            (r#""string""#, "must be an object"),
        ] {
            let err = SettingsSchema::parse(&with(property)).unwrap_err().0;
            assert!(err.contains("property 'p'"), "{property}: {err}");
            assert!(err.contains(expected), "{property}: {err}");
        }
        for (schema, expected) in [
            ("[]", "must be a JSON object"),
            ("{", "not JSON"),
            (r#"{"properties": {}}"#, "\"type\": \"object\""),
            (r#"{"type": "object"}"#, "needs \"properties\""),
            (r#"{"type": "object", "properties": {}}"#, "no properties"),
            (r#"{"type": "object", "properties": [], "x": 1}"#, "'x'"),
            (
                r#"{"type": "object", "properties": {"a": {}}, "allOf": []}"#,
                "'allOf'",
            ),
            (
                r#"{"type": "object", "properties": {"1a": {"type": "boolean", "title": "A", "default": true}}}"#,
                "property '1a'",
            ),
            (
                r#"{"type": "object", "properties": {"csrf_token": {"type": "boolean", "title": "A", "default": true}}}"#,
                "property 'csrf_token'",
            ),
            (
                r#"{"type": "object", "properties": {"a b": {"type": "boolean", "title": "A", "default": true}}}"#,
                "property 'a b'",
            ),
            (
                r#"{"type": "object", "properties": {"a": {"type": "boolean", "title": "A", "default": true}, "a": {"type": "boolean", "title": "B", "default": true}}}"#,
                "'a' twice",
            ),
            (
                r#"{"type": "object", "properties": {"a": {"type": "boolean", "title": "A", "default": true}}, "required": ["b"]}"#,
                "'required'",
            ),
            (
                r#"{"type": "object", "properties": {"a": {"type": "boolean", "title": "A", "default": true}}, "additionalProperties": {}}"#,
                "'additionalProperties'",
            ),
        ] {
            let err = SettingsSchema::parse(schema).unwrap_err().0;
            assert!(err.contains(expected), "{schema}: {err}");
        }
        // What is allowed at the top besides the properties.
        let full = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object", "title": "Einstellungen", "x-title-en": "Settings",
            "required": ["a"], "additionalProperties": false,
            "properties": {"a": {"type": "boolean", "title": "A", "default": true, "$comment": "c"}}}"#;
        assert!(SettingsSchema::parse(full).is_ok());
    }
}
