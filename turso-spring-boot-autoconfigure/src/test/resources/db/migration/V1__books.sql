CREATE TABLE book (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title VARCHAR(200) NOT NULL,
    price NUMERIC(10, 2),
    published DATE,
    available BOOLEAN NOT NULL DEFAULT 0
);
CREATE INDEX book_title ON book (title);
