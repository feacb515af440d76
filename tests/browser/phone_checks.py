"""What a phone user meets on every main page, measured in Chromium (tests/browser/test_phone.py).

- PAGE_AUDIT: the page's scroll width, the elements that stick out of the 360 px viewport
  outside a scroll container of their own, and the tap targets smaller than 24 × 24 px
  that neither the inline nor the spacing exception of WCAG 2.5.8 covers.
- LAYOUT_SHIFTS: started before the page's first byte (an init script), sums every layout
  shift not caused by input: the page's CLS, stricter than the largest session window.
- FOCUS_RINGS: every control focused in turn, its focus ring and the ring's contrast with
  what is under it.
- MAP_SIZES: the network map's text and node sizes as drawn on the screen.
"""

# Started by context.add_init_script before any of the page's own code runs.
LAYOUT_SHIFTS = """
window.__layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__layoutShifts.push({
      value: entry.value,
      sources: (entry.sources || []).map((source) => {
        const node = source.node;
        const name = node && node.nodeType === 1
          ? node.tagName.toLowerCase() + (node.id ? '#' + node.id : '')
            + (node.className && typeof node.className === 'string'
               ? '.' + node.className.trim().split(/\\s+/).join('.') : '')
          : (node ? node.nodeName : '?');
        return name + ' ' + Math.round(source.previousRect.y) + '→'
          + Math.round(source.currentRect.y);
      }),
    });
  }
}).observe({type: 'layout-shift', buffered: true});
"""

READ_LAYOUT_SHIFTS = """async () => {
  await document.fonts.ready;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const shifts = window.__layoutShifts || [];
  return {
    cls: shifts.reduce((sum, shift) => sum + shift.value, 0),
    sources: shifts.flatMap((shift) => shift.sources).slice(0, 6),
  };
}"""

PAGE_AUDIT = """() => {
  const width = document.documentElement.clientWidth;
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += '#' + element.id;
    else if (typeof element.className === 'string' && element.className.trim())
      name += '.' + element.className.trim().split(/\\s+/).join('.');
    const text = (element.innerText || element.value || element.getAttribute('aria-label')
                  || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return text ? `${name} "${text}"` : name;
  };
  const shown = (element) => {
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // Visually hidden (the table headers a stacked table keeps for screen readers).
  const clipped = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') return true;
    }
    return false;
  };
  const scrolls = (element) => {
    const overflow = getComputedStyle(element).overflowX;
    return overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden'
      || overflow === 'clip';
  };
  const insideScroller = (element) => {
    for (let node = element.parentElement; node && node !== document.body;
         node = node.parentElement) {
      if (scrolls(node)) return true;
    }
    return false;
  };

  // 1. What sticks out of the viewport, outermost first.
  const sticking = [];
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest('svg') && element.tagName.toLowerCase() !== 'svg') continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right <= width + 0.5 && box.left >= -0.5) continue;
    if (!shown(element) || clipped(element) || insideScroller(element)) continue;
    if (sticking.some((outer) => outer.contains(element))) continue;
    sticking.push(element);
  }
  const overflow = sticking.map((element) => {
    const box = element.getBoundingClientRect();
    return `${describe(element)}: ${Math.round(box.left)}–${Math.round(box.right)} px`;
  });

  // 2. Tap targets under 24 × 24 px (WCAG 2.5.8, minimum target size).
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + '[role="button"], [tabindex]:not([tabindex="-1"])';
  const targets = [...document.querySelectorAll(selector)].filter(
    (element) => shown(element) && !clipped(element));
  const boxes = targets.map((element) => element.getBoundingClientRect());
  const small = (box) => box.width < 23.5 || box.height < 23.5;
  // The inline exception: a link in a sentence, sized by the line of the text around it.
  const inline = (element) => {
    if (getComputedStyle(element).display !== 'inline') return false;
    let block = element.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    if (!block) return false;
    let text = '';
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest(selector)) text += node.textContent;
    }
    return text.replace(/[\\s·|,–—()/›‹]/g, '').length > 0;
  };
  // The spacing exception: a 24 px circle on the target's centre meets no other target
  // and no other small target's circle.
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const meetsBox = ([x, y], box) => {
    const dx = Math.max(box.left - x, 0, x - box.right);
    const dy = Math.max(box.top - y, 0, y - box.bottom);
    return dx * dx + dy * dy < 12 * 12 - 0.5;
  };
  const spaced = (index) => {
    const here = centre(boxes[index]);
    return boxes.every((box, other) => {
      if (other === index) return true;
      if (targets[other].contains(targets[index]) || targets[index].contains(targets[other]))
        return true;
      if (meetsBox(here, box)) return false;
      if (small(box)) {
        const [x, y] = centre(box);
        return Math.hypot(x - here[0], y - here[1]) >= 24 - 0.5;
      }
      return true;
    });
  };
  const tooSmall = [];
  targets.forEach((element, index) => {
    const box = boxes[index];
    if (!small(box) || inline(element) || spaced(index)) return;
    tooSmall.push(`${describe(element)}: ${Math.round(box.width)}×${Math.round(box.height)}`);
  });

  return {
    scrollWidth: document.documentElement.scrollWidth,
    overflow: overflow.slice(0, 8),
    tooSmall: tooSmall,
    targets: targets.length,
  };
}"""

# Every focusable control of the page, focused in turn: how its focus ring is drawn
# (outline width) and its contrast with what lies under the ring, found by looking at the
# page just outside the element where the ring is painted (WCAG 1.4.11 asks 3:1). Call
# after one Tab press, so that focus() draws the keyboard's ring (:focus-visible).
FOCUS_RINGS = """() => {
  const rgb = (text) => {
    const parts = (text.match(/[\\d.]+/g) || []).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const luminance = ({r, g, b}) => {
    const channel = (value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (one, two) => {
    const [light, dark] = [luminance(one), luminance(two)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  };
  // The painted background under a point, leaving out the focused element itself.
  const backdrop = (element, x, y) => {
    for (const under of document.elementsFromPoint(x, y)) {
      if (element.contains(under)) continue;
      const color = rgb(getComputedStyle(under).backgroundColor);
      if (color.a > 0) return color;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const describe = (element) => {
    const classes = typeof element.className === 'string' ? element.className.trim() : '';
    const text = element.innerText || element.value || element.getAttribute('aria-label') || '';
    return element.tagName.toLowerCase() + (classes ? '.' + classes.split(/\\s+/).join('.') : '')
      + ' "' + text.trim().replace(/\\s+/g, ' ').slice(0, 30) + '"';
  };
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const rings = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.disabled || !element.getClientRects().length) continue;
    if (getComputedStyle(element).visibility === 'hidden') continue;
    element.focus();
    if (document.activeElement !== element) continue;
    const style = getComputedStyle(element);
    const width = parseFloat(style.outlineWidth) || 0;
    const drawn = style.outlineStyle !== 'none' && style.outlineStyle !== 'auto' && width > 0;
    let ratio = 0;
    if (drawn) {
      const box = element.getBoundingClientRect();
      const offset = parseFloat(style.outlineOffset) || 0;
      const out = offset + width / 2;
      // The ring's left side, or its right side when the left is off the screen.
      const x = box.left - out >= 0 ? box.left - out : box.right + out;
      const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
      const under = out > 0 ? backdrop(element, x, y) : rgb(style.backgroundColor);
      ratio = contrast(rgb(style.outlineColor), under);
    }
    rings.push({
      element: describe(element),
      outline: `${style.outlineStyle} ${width}px ${style.outlineColor}`,
      width: drawn ? width : 0,
      contrast: Math.round(ratio * 100) / 100,
    });
  }
  return rings;
}"""

# The network map as drawn: the smallest label (font size times the drawing's scale on
# the screen) and the smallest node (the shape inside each link: circle, box, diamond).
MAP_SIZES = """() => {
  const svg = document.querySelector('svg.network-map-svg');
  const scale = (element) => {
    const matrix = element.getScreenCTM();
    return Math.hypot(matrix.a, matrix.b);
  };
  const labels = [...svg.querySelectorAll('text')].map(
    (text) => parseFloat(getComputedStyle(text).fontSize) * scale(text));
  const nodes = [...svg.querySelectorAll('.map-node')].map((node) => {
    const shape = node.querySelector('circle, rect, polygon');
    const box = shape.getBoundingClientRect();
    return Math.min(box.width, box.height);
  });
  const frame = svg.parentElement;
  return {
    smallestLabel: Math.min(...labels),
    labels: labels.length,
    smallestNode: nodes.length ? Math.min(...nodes) : null,
    nodes: nodes.length,
    frameScrolls: ['auto', 'scroll'].includes(getComputedStyle(frame).overflowX)
      && frame.scrollWidth > frame.clientWidth,
    frameWidth: frame.getBoundingClientRect().width,
    // Is the center the map is about (its box, the first node) in the frame's view?
    middleShown: (() => {
      const hub = svg.querySelector('.map-node rect').getBoundingClientRect();
      const view = frame.getBoundingClientRect();
      return hub.left >= view.left && hub.right <= view.right
        && hub.top >= view.top && hub.bottom <= view.bottom;
    })(),
  };
}"""
