package dev.hopscope.server.ui;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Finds the nodes of a graph drawn on a canvas (Zipkin Lens's dependency graph has no DOM for
 * them): blobs of strongly blue pixels at least {@code minArea} pixels large — node discs, not the
 * small traffic dots moving along the edges — returned as centres, left to right.
 */
final class CanvasNodes {
  private CanvasNodes() {}

  static List<Point> find(byte[] png, int minArea) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int width = image.getWidth();
    int height = image.getHeight();
    boolean[] seen = new boolean[width * height];
    List<Point> centres = new ArrayList<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < seen.length; start++) {
      if (seen[start] || !isNodeFill(image.getRGB(start % width, start / width))) {
        continue;
      }
      long sumX = 0;
      long sumY = 0;
      int area = 0;
      int left = width;
      int right = 0;
      int top = height;
      int bottom = 0;
      seen[start] = true;
      queue.add(start);
      while (!queue.isEmpty()) {
        int at = queue.poll();
        int x = at % width;
        int y = at / width;
        sumX += x;
        sumY += y;
        area++;
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        int[][] neighbours = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
        for (int[] n : neighbours) {
          if (n[0] >= 0 && n[0] < width && n[1] >= 0 && n[1] < height) {
            int index = n[1] * width + n[0];
            if (!seen[index] && isNodeFill(image.getRGB(n[0], n[1]))) {
              seen[index] = true;
              queue.add(index);
            }
          }
        }
      }
      // A disc fills about π/4 of its box; outlines of focused inputs fill next to nothing.
      int box = (right - left + 1) * (bottom - top + 1);
      if (area >= minArea && area >= 0.6 * box) {
        centres.add(new Point((int) (sumX / area), (int) (sumY / area)));
      }
    }
    centres.sort(Comparator.comparingInt(p -> p.x));
    return centres;
  }

  private static boolean isNodeFill(int rgb) {
    int red = (rgb >> 16) & 0xff;
    int blue = rgb & 0xff;
    return blue > 120 && blue - red > 60;
  }
}
