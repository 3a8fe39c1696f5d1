-- Why: street ids are max + 1; imports of two streets at once take turns (reads go on meanwhile).
LOCK TABLE streets IN SHARE ROW EXCLUSIVE MODE
