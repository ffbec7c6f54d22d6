/// A secret key that a framework, tutorial or product ships as a placeholder or example, and
/// where it comes from: deployments that never replaced it sign with it.
struct DefaultKey: Sendable {
    let key: [UInt8]
    /// The product and the file or document holding the key.
    let source: String

    init(_ key: String, _ source: String) {
        self.key = Array(key.utf8)
        self.source = source
    }

    init(bytes: [UInt8], _ source: String) {
        self.key = bytes
        self.source = source
    }
}

/// The keys `signet audit` tries before any wordlist, each checked in its public source.
enum DefaultKeys {
    static let all: [DefaultKey] = [
        // examples/tutorial/flaskr/__init__.py: SECRET_KEY="dev"
        DefaultKey("dev", "the Flask tutorial's (pallets/flask examples/tutorial/flaskr/__init__.py)"),
        // docs/quickstart.rst, "Sessions": app.secret_key = b'_5#y2L"F4Q8z\n\xec]/'
        DefaultKey(bytes: Array("_5#y2L\"F4Q8z".utf8) + [0x0A, 0xEC] + Array("]/".utf8),
                   "the Flask quickstart's example (pallets/flask docs/quickstart.rst)"),
        // Older docs/quickstart.rst: app.secret_key = 'A0Zr98j/3yX R~XHH!jmN]LWX/,?RT'
        DefaultKey("A0Zr98j/3yX R~XHH!jmN]LWX/,?RT", "the old Flask quickstart's example (pallets/flask docs/quickstart.rst)"),
        // README.md: flask-unsign --sign --cookie "{'logged_in': True}" --secret 'CHANGEME'
        DefaultKey("CHANGEME", "flask-unsign's README example (Paradoxis/Flask-Unsign README.md)"),
        // superset/constants.py CHANGE_ME_SECRET_KEY, used by superset/config.py since 1.4.1
        DefaultKey("CHANGE_ME_TO_A_COMPLEX_RANDOM_SECRET", "Superset's default (apache/superset superset/config.py)"),
        // superset/config.py before 1.4.1: SECRET_KEY = "\2\1thisismyscretkey\1\2\e\y\y\h"
        DefaultKey(bytes: [0x02, 0x01] + Array("thisismyscretkey".utf8) + [0x01, 0x02] + Array("\\e\\y\\y\\h".utf8),
                   "Superset's default before 1.4.1 (apache/superset superset/config.py)"),
        // Keys that public CVE-2023-27524 write-ups list as shipped by Superset's deployment
        // templates and docs (checked in those write-ups, e.g. vulhub's, not in Superset's files).
        DefaultKey("thisISaSECRET_1234", "a Superset template key listed in CVE-2023-27524 write-ups"),
        DefaultKey("TEST_NON_DEV_SECRET", "a Superset template key listed in CVE-2023-27524 write-ups"),
        DefaultKey("YOUR_OWN_RANDOM_GENERATED_SECRET_KEY", "a Superset docs key listed in CVE-2023-27524 write-ups"),
        // airflow/config_templates/default_airflow.cfg, [webserver]: secret_key = temporary_key (CVE-2020-17526)
        DefaultKey("temporary_key", "Airflow's webserver default before 1.10.13 (apache/airflow airflow/config_templates/default_airflow.cfg)"),
        // redash/settings/__init__.py: os.environ.get("REDASH_COOKIE_SECRET", "c292a0a3aa32397cdb050e233733900f")
        DefaultKey("c292a0a3aa32397cdb050e233733900f", "Redash's default REDASH_COOKIE_SECRET (getredash/redash redash/settings/__init__.py)"),
    ]
}
