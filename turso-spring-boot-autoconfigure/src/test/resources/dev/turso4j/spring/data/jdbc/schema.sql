CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, age INTEGER NOT NULL);
CREATE TABLE ticket (id TEXT PRIMARY KEY DEFAULT (lower(hex(randomblob(16)))), title TEXT NOT NULL);
CREATE TABLE account (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL, version INTEGER);
CREATE TABLE purchase_order (id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customer (id), note TEXT);
CREATE TABLE order_line (purchase_order INTEGER NOT NULL REFERENCES purchase_order (id), purchase_order_key INTEGER NOT NULL,
    product TEXT NOT NULL, quantity INTEGER NOT NULL, PRIMARY KEY (purchase_order, purchase_order_key));
CREATE TABLE reading (id INTEGER PRIMARY KEY, taken_at TEXT, local_taken_at TEXT, day TEXT, at_time TEXT, reference TEXT,
    verified INTEGER, active INTEGER NOT NULL, level TEXT, amount TEXT);
CREATE TABLE passage (id INTEGER PRIMARY KEY, text TEXT NOT NULL, embedding BLOB NOT NULL);
