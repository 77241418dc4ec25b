// The caller's to-do list beside the chat: loaded once from GET /tasks at sign-in, then
// kept current from the tool_result events of replies, so a message costs no extra
// request for it.

const $ = (id) => document.getElementById(id);

const view = { list: null, empty: null, tasks: [] };

function render() {
  view.list.replaceChildren(...view.tasks.map((task) => {
    const item = document.createElement('li');
    item.className = 'task' + (task.completed ? ' done' : '');
    item.dataset.id = task.task_id;
    const mark = document.createElement('span');
    mark.className = 'task-mark';
    mark.textContent = task.completed ? '✓' : '○';
    mark.setAttribute('aria-hidden', 'true');
    const title = document.createElement('span');
    title.className = 'task-title';
    title.textContent = task.title;
    const state = document.createElement('span');
    state.className = 'visually-hidden';
    state.textContent = task.completed ? ' (done)' : ' (open)';
    item.append(mark, ' ', title, state);
    return item;
  }));
  view.empty.hidden = view.tasks.length > 0;
}

export async function loadTasks(apiJson) {
  view.list = $('task-list');
  view.empty = $('tasks-empty');
  const body = await apiJson('GET', '/tasks?status=all&limit=100');
  view.tasks = body.data;
  render();
}

export function clearTasks() {
  view.tasks = [];
  if (view.list) render();
}

function upsert(task) {
  const index = view.tasks.findIndex((t) => t.task_id === task.task_id);
  if (index >= 0) view.tasks[index] = { ...view.tasks[index], ...task };
  else view.tasks.unshift(task);
}

// Applies what a to-do tool reported; results name the task ids they touch.
export function applyToolResult(name, result, status) {
  if (status !== 'ok' || !result || !view.list) return;
  if (name === 'delete_task') {
    view.tasks = view.tasks.filter((t) => t.task_id !== result.task_id);
  } else if (result.task && result.task.task_id) {
    upsert(result.task);
  } else if (name === 'list_tasks' && Array.isArray(result.tasks)) {
    // a listing may be filtered or capped, so it refreshes the tasks shown but removes none
    for (const task of result.tasks) {
      if (view.tasks.some((t) => t.task_id === task.task_id)) upsert(task);
    }
  } else {
    return;
  }
  render();
}
