package db

const primary = "postgres://app:mbV02*zSFytO3vkm@db.internal:5432/app?sslmode=require"
const events = "mongodb+srv://events:IDa62-RSbXE7rIfe1O9w@cluster0.corpus.mongodb.net/events"
const cache = "redis://default:bsp56!QmCXd4zVwvTcMkVxWm@cache.internal:6379/0"
const local = "postgres://postgres:postgres@localhost:5432/dev"
const templ = "postgres://app:${DB_PASSWORD}@db:5432/app"
const docs = "mysql://root:<password>@localhost:3306/app"
const mirror = "https://deploy:sRo75!pyYVb957bZXnwL@git.corpus.internal/org/repo.git"
const clone = "https://${GIT_USER}:${GIT_TOKEN}@github.com/org/repo.git"
const ssh = "git@github.com:org/repo.git"
const doc = "https://user:password@example.com/path"
var token = cfg.Token
